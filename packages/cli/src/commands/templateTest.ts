import { promises as fs } from 'node:fs';
import os from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { parse } from 'yaml';
import { backstageTarget } from '../backstage';
import { CliError, EXIT } from '../errors';
import {
  CheckOptions,
  formatReport,
  loadOfflineContracts,
  runCheck,
} from './check';
import {
  DirectoryFile,
  DryRunOutcome,
  dryRunOffline,
  dryRunOnline,
} from './templateDryRun';

/** A template's file in a template directory. */
const TEMPLATE_FILE = 'template.yaml';
/** Folders a template directory never sends to the scaffolder. */
const SKIPPED_FOLDERS = new Set(['.git', 'node_modules']);

export type TemplateTestOptions = Omit<CheckOptions, 'dir'> & {
  /** A template file, or a directory with a `template.yaml`. */
  template: string;
  valuesFile?: string;
};

async function readYamlObject(file: string, what: string) {
  let value: unknown;
  try {
    value = parse(await fs.readFile(file, 'utf8'));
  } catch (e) {
    throw new CliError(`cannot read ${what} ${file}: ${(e as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new CliError(`${what} ${file} is not a YAML or JSON object`);
  }
  return value as Record<string, any>;
}

/** The template entity and the directory its `./` URLs resolve in. */
async function readTemplate(path: string) {
  const stat = await fs.stat(path).catch(() => undefined);
  if (!stat) {
    throw new CliError(
      `template ${path} not found: give a template YAML file or a directory with a ${TEMPLATE_FILE}`,
    );
  }
  const file = stat.isDirectory() ? join(path, TEMPLATE_FILE) : path;
  const template = await readYamlObject(file, 'template');
  if (template.kind !== 'Template') {
    throw new CliError(
      `${file} is a ${
        template.kind ?? 'document without kind'
      }, not a scaffolder Template`,
    );
  }
  return { template, dir: dirname(resolve(file)) };
}

/** Every file under `dir` (relative, `/` separators), as the dry run takes them. */
async function directoryContents(
  dir: string,
  root = dir,
): Promise<DirectoryFile[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map(async entry => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        return SKIPPED_FOLDERS.has(entry.name)
          ? []
          : directoryContents(path, root);
      }
      if (!entry.isFile()) return [];
      return [
        {
          path: relative(root, path).split(sep).join('/'),
          base64Content: (await fs.readFile(path)).toString('base64'),
        },
      ];
    }),
  );
  return nested.flat();
}

/** Writes the dry run's files into a fresh folder, for the contract check. */
async function writeOutput(files: DirectoryFile[]) {
  const dir = await fs.mkdtemp(join(os.tmpdir(), 'groundwork-template-'));
  for (const file of files) {
    const path = resolve(dir, file.path);
    if (!path.startsWith(dir + sep)) {
      throw new CliError(
        `the dry run wrote outside its workspace: ${file.path}`,
      );
    }
    await fs.mkdir(dirname(path), { recursive: true });
    await fs.writeFile(path, Buffer.from(file.base64Content, 'base64'));
  }
  return dir;
}

/**
 * `groundwork template test`: the template's dry run, then the contract
 * check on the repository it would create. Exit 1 when the run fails or
 * the check fails under `--fail-on`.
 */
export async function templateTestCommand(
  options: TemplateTestOptions,
  write: (text: string) => void,
): Promise<number> {
  if (!options.valuesFile) {
    throw new CliError(
      "give the template's form answers: --values <file> (YAML or JSON)",
    );
  }
  if (!options.backstageUrl && options.contracts.length === 0) {
    throw new CliError(
      "nothing to test against: give --contract <file or dir> (offline: the scaffolder runs in-process) or --backstage-url <url> (the organisation's scaffolder and contracts)",
    );
  }
  const [{ template, dir }, values] = await Promise.all([
    readTemplate(options.template),
    readYamlObject(options.valuesFile, 'values file'),
  ]);
  const request = {
    template,
    values,
    directoryContents: await directoryContents(dir),
  };
  const outcome: DryRunOutcome = options.backstageUrl
    ? await dryRunOnline(
        backstageTarget(options.backstageUrl, options.env),
        request,
      )
    : await dryRunOffline(request, await loadOfflineContracts(options));
  const name = template.metadata?.name ?? options.template;
  if ('failure' in outcome) {
    write(`Template ${name}: the dry run failed.\n${outcome.failure}\n`);
    return EXIT.failed;
  }
  const output = await writeOutput(outcome.files);
  try {
    const report = await runCheck({ ...options, dir: output });
    if (options.format === 'human') {
      write(
        `Template ${name}: the dry run created ${outcome.files.length} file(s)${
          options.backstageUrl ? '' : ' (scaffolder in-process)'
        }; their contract check:\n`,
      );
    }
    const text = formatReport(report, options.format, options.colour);
    if (options.output) await fs.writeFile(options.output, text, 'utf8');
    else write(text);
    return report.passed ? EXIT.passed : EXIT.failed;
  } finally {
    await fs.rm(output, { recursive: true, force: true });
  }
}
