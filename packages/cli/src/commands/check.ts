import {
  blockingRules,
  FAIL_ON_NEVER,
  failOnLevels,
  GROUND_LEVEL,
  summarize,
} from '@groundwork/plugin-platform-contract-common';
import { promises as fs } from 'node:fs';
import { dirname } from 'node:path';
import { backstageTarget } from '../backstage';
import { checkOffline, loadContracts } from '../check/offline';
import { checkOnline, onlineContractLevels } from '../check/online';
import { CheckReport } from '../check/report';
import { readRepository } from '../check/repository';
import { repositoryFileDefinitions } from '../check/repositoryFileDefinitions';
import { CliError, EXIT } from '../errors';
import { formatHuman } from '../formats/human';
import { formatJson } from '../formats/json';
import { formatJunit } from '../formats/junit';
import { formatMarkdown } from '../formats/markdown';
import { formatSarif } from '../formats/sarif';

export const CHECK_FORMATS = [
  'human',
  'json',
  'sarif',
  'junit',
  'markdown',
] as const;
export type CheckFormat = (typeof CHECK_FORMATS)[number];

export interface CheckOptions {
  dir: string;
  contracts: string[];
  configFile?: string;
  catalogFile?: string;
  backstageUrl?: string;
  failOn: string;
  format: CheckFormat;
  /** Also write the report here (the format's text), e.g. for a CI upload. */
  output?: string;
  colour: boolean;
  now: Date;
  env: NodeJS.ProcessEnv;
}

const needsLevels = (failOn: string) =>
  failOn !== GROUND_LEVEL && failOn !== FAIL_ON_NEVER;

function buildReport(
  mode: CheckReport['mode'],
  failOn: string,
  result: Pick<CheckReport, 'entityRef' | 'items' | 'unknownFacts'>,
  repository: { locations: CheckReport['locations'] },
  levels?: Map<string, string[]>,
): CheckReport {
  const summaries = result.items.map(summarize);
  const blocking = blockingRules(summaries, failOn, levels);
  const ground = (rules: Array<{ level: string }>) =>
    rules.filter(rule => rule.level === GROUND_LEVEL).length;
  return {
    mode,
    entityRef: result.entityRef,
    failOn,
    passed: blocking.length === 0,
    items: result.items,
    blocking,
    groundRules: {
      failing: summaries.reduce((n, s) => n + ground(s.failing), 0),
      unknown: summaries.reduce((n, s) => n + ground(s.unknown), 0),
    },
    unknownFacts: result.unknownFacts,
    locations: repository.locations,
  };
}

/**
 * The offline check's inputs: the `--contract` files, validated, and the
 * repository-file fact definitions that go with them.
 */
export async function loadOfflineContracts(
  options: Pick<CheckOptions, 'contracts' | 'configFile'>,
) {
  const { contracts, entries } = await loadContracts(options.contracts);
  const contractDirs: string[] = [];
  for (const path of options.contracts) {
    const stat = await fs.stat(path);
    contractDirs.push(stat.isDirectory() ? path : dirname(path));
  }
  const { facts } = await repositoryFileDefinitions({
    configFile: options.configFile,
    contractDirs,
  });
  return {
    contracts,
    files: entries.map(entry => entry.file),
    repositoryFiles: facts,
  };
}

/** Runs a check and builds the report; every problem is a CliError. */
export async function runCheck(options: CheckOptions): Promise<CheckReport> {
  if (!options.backstageUrl && options.contracts.length === 0) {
    throw new CliError(
      "nothing to check against: give --contract <file or dir> (offline) or --backstage-url <url> (the organisation's contracts)",
    );
  }
  const repository = await readRepository(options.dir, options.catalogFile);
  if (options.backstageUrl) {
    const target = backstageTarget(options.backstageUrl, options.env);
    const response = await checkOnline(target, repository);
    const levels = needsLevels(options.failOn)
      ? failOnLevels(await onlineContractLevels(target), options.failOn)
      : undefined;
    return buildReport('online', options.failOn, response, repository, levels);
  }
  const { contracts, repositoryFiles } = await loadOfflineContracts(options);
  const levels = needsLevels(options.failOn)
    ? failOnLevels(
        contracts.map(c => ({
          name: c.name,
          levels: c.document.spec.levels.map(l => l.name),
        })),
        options.failOn,
      )
    : undefined;
  const result = await checkOffline({
    repository,
    contracts,
    repositoryFiles,
    now: options.now,
  });
  return buildReport('offline', options.failOn, result, repository, levels);
}

export function formatReport(
  report: CheckReport,
  format: CheckFormat,
  colour: boolean,
): string {
  switch (format) {
    case 'json':
      return formatJson(report);
    case 'sarif':
      return formatSarif(report);
    case 'junit':
      return formatJunit(report);
    case 'markdown':
      return formatMarkdown(report);
    default:
      return `${formatHuman(report, colour)}\n`;
  }
}

/** `groundwork check`: prints the report; exit 0 passed, 1 failed. */
export async function checkCommand(
  options: CheckOptions,
  write: (text: string) => void,
): Promise<number> {
  const result = await runCheck(options);
  const text = formatReport(result, options.format, options.colour);
  if (options.output) {
    await fs.writeFile(options.output, text, 'utf8');
  } else {
    write(text);
  }
  return result.passed ? EXIT.passed : EXIT.failed;
}
