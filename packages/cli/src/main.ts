import { parseArgs } from 'node:util';
import { CHECK_FORMATS, CheckFormat, checkCommand } from './commands/check';
import { factsPushCommand } from './commands/factsPush';
import { templateTestCommand } from './commands/templateTest';
import { CliError, EXIT } from './errors';
import { completionScript, HELP } from './help';

/** What a run writes and reads; tests pass their own. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  cwd: string;
  isTty: boolean;
  now: () => Date;
}

type Values = Record<string, string | boolean | string[] | undefined>;

function parse(
  args: string[],
  options: NonNullable<Parameters<typeof parseArgs>[0]>['options'],
): { values: Values; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({
      args,
      options: { help: { type: 'boolean', short: 'h' }, ...options },
      allowPositionals: true,
    });
    return { values: values as Values, positionals };
  } catch (e) {
    throw new CliError(`${(e as Error).message}. See --help.`);
  }
}

/** The options of `check`, which `template test` takes too. */
const CHECK_OPTIONS = {
  contract: { type: 'string', multiple: true },
  config: { type: 'string' },
  'backstage-url': { type: 'string' },
  'catalog-file': { type: 'string' },
  'fail-on': { type: 'string', default: 'ground' },
  format: { type: 'string', default: 'human' },
  output: { type: 'string' },
} as const;

const str = (value: unknown) => (typeof value === 'string' ? value : undefined);
const strs = (value: unknown) =>
  Array.isArray(value)
    ? value.filter((v): v is string => typeof v === 'string')
    : [];

async function dispatch(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  const help = (name: string) => {
    io.stdout(HELP[name]);
    return EXIT.passed;
  };
  const backstageUrl = (value: unknown) =>
    str(value) ?? (io.env.GROUNDWORK_BACKSTAGE_URL || undefined);
  /** What `check` and `template test` share: contracts, verdict, output. */
  const checkOptions = (values: Values) => {
    const format = str(values.format) as CheckFormat;
    if (!CHECK_FORMATS.includes(format)) {
      throw new CliError(
        `--format ${format} is not one of ${CHECK_FORMATS.join(', ')}`,
      );
    }
    return {
      contracts: strs(values.contract),
      configFile: str(values.config),
      backstageUrl: backstageUrl(values['backstage-url']),
      failOn: str(values['fail-on']) ?? 'ground',
      format,
      output: str(values.output),
      colour: io.isTty && !io.env.NO_COLOR,
      now: io.now(),
      env: io.env,
    };
  };
  switch (command) {
    case undefined:
    case '-h':
    case '--help':
    case 'help':
      return help('main');
    case '-v':
    case '--version':
      io.stdout(`${process.env.GROUNDWORK_CLI_VERSION ?? 'dev'}\n`);
      return EXIT.passed;
    case 'check': {
      const { values, positionals } = parse(rest, CHECK_OPTIONS);
      if (values.help) return help('check');
      if (positionals.length > 1) {
        throw new CliError(
          `check takes one directory, got ${positionals.join(' ')}`,
        );
      }
      return checkCommand(
        {
          ...checkOptions(values),
          dir: positionals[0] ?? io.cwd,
          catalogFile: str(values['catalog-file']),
        },
        io.stdout,
      );
    }
    case 'template': {
      const [sub, ...args] = rest;
      if (sub === undefined || sub === '--help' || sub === '-h')
        return help('template test');
      if (sub !== 'test')
        throw new CliError(
          `unknown command 'template ${sub}'; try 'groundwork template test --help'`,
        );
      const { values, positionals } = parse(args, {
        ...CHECK_OPTIONS,
        values: { type: 'string' },
      });
      if (values.help) return help('template test');
      if (positionals.length !== 1) {
        throw new CliError(
          'template test takes one template file or directory: groundwork template test <template> --values <file>',
        );
      }
      return templateTestCommand(
        {
          ...checkOptions(values),
          catalogFile: str(values['catalog-file']),
          template: positionals[0],
          valuesFile: str(values.values),
        },
        io.stdout,
      );
    }
    case 'facts': {
      const [sub, ...args] = rest;
      if (sub === undefined || sub === '--help' || sub === '-h')
        return help('facts push');
      if (sub !== 'push')
        throw new CliError(
          `unknown command 'facts ${sub}'; try 'groundwork facts push --help'`,
        );
      const { values, positionals } = parse(args, {
        'backstage-url': { type: 'string' },
        'dry-run': { type: 'boolean' },
      });
      if (values.help) return help('facts push');
      return factsPushCommand(
        {
          files: positionals,
          backstageUrl: backstageUrl(values['backstage-url']),
          dryRun: Boolean(values['dry-run']),
          env: io.env,
        },
        io.stdout,
      );
    }
    case 'completion': {
      const script = completionScript(rest[0] ?? '');
      if (rest[0] === '--help' || rest[0] === '-h') return help('completion');
      if (!script) throw new CliError('completion needs a shell: bash or zsh');
      io.stdout(script);
      return EXIT.passed;
    }
    default:
      throw new CliError(
        `unknown command '${command}'. See groundwork --help.`,
      );
  }
}

/** Runs one command; resolves with its exit code, never throws. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (e) {
    const message =
      e instanceof CliError || (e as Error)?.name === 'InputError'
        ? (e as Error).message
        : `unexpected error: ${(e as Error)?.stack ?? e}`;
    io.stderr(`groundwork: ${message}\n`);
    return EXIT.error;
  }
}

/** The `groundwork` binary's entry. */
export function run(argv: string[]) {
  main(argv, {
    stdout: text => process.stdout.write(text),
    stderr: text => process.stderr.write(text),
    env: process.env,
    cwd: process.cwd(),
    isTty: Boolean(process.stdout.isTTY),
    now: () => new Date(),
  }).then(code => {
    process.exitCode = code;
    // A Backstage backend started in this process (an offline `template
    // test`) leaves a handler that exits with 0 once the event loop is empty;
    // the command's code must win.
    process.once('beforeExit', () => process.exit(code));
  });
}
