import type { RepositoryFileFact } from '@groundwork/plugin-platform-contract-common';
import {
  BackstageAnswerError,
  BackstageTarget,
  requestPlugin,
} from '../backstage';
import { CliError } from '../errors';

/** A file as the scaffolder's dry run takes and gives it. */
export interface DirectoryFile {
  path: string;
  base64Content: string;
}

export interface DryRunRequest {
  template: Record<string, any>;
  values: Record<string, unknown>;
  directoryContents: DirectoryFile[];
}

/** The files the run would create, or why it failed. */
export type DryRunOutcome = { files: DirectoryFile[] } | { failure: string };

/**
 * What the scaffolder's error answer means. Values that do not fit the form
 * are a usage error (exit 2); a step that throws answers 400 (an InputError,
 * e.g. the template's own contract check) or 500, a failed test: its message
 * is returned. Any other answer is undefined, for the caller to report.
 */
function failureOf(
  status: number,
  body: any,
  fallback: string,
): string | undefined {
  if (status === 400 && Array.isArray(body?.errors)) {
    throw new CliError(
      `the values do not fit the template's parameters: ${body.errors
        .map((error: { stack?: string }) => error.stack)
        .join('; ')}`,
    );
  }
  if (status !== 400 && status !== 500) return undefined;
  return body?.error?.message ?? fallback;
}

/** The backend's dry run (`POST /api/scaffolder/v2/dry-run`). */
export async function dryRunOnline(
  target: BackstageTarget,
  request: DryRunRequest,
): Promise<DryRunOutcome> {
  try {
    const answer = await requestPlugin<{ directoryContents: DirectoryFile[] }>(
      target,
      'scaffolder',
      'POST',
      '/v2/dry-run',
      request,
    );
    return { files: answer.directoryContents };
  } catch (e) {
    if (!(e instanceof BackstageAnswerError)) throw e;
    const failure = failureOf(e.status, e.body, e.message);
    if (failure === undefined) throw e;
    return { failure };
  }
}

/**
 * The dry run without a backend: the real scaffolder, Groundwork's actions
 * and the platform contract backend (checking against `contractFiles`) in
 * this process. Its catalog holds only the template, so the contract's
 * catalog look-ups (the owner group) are unknown, not failures. The harness
 * is loaded only here: it starts a backend, which `check` never needs.
 */
export async function dryRunOffline(
  request: DryRunRequest,
  contracts: { files: string[]; repositoryFiles: RepositoryFileFact[] },
): Promise<DryRunOutcome> {
  const harness = await import('@groundwork/golden-path-harness');
  const backend = await harness.startGoldenPathBackend({
    contracts: contracts.files,
    repositoryFileFacts: contracts.repositoryFiles,
    catalog: { entities: [request.template as any] },
  });
  try {
    const run = await harness.dryRun(
      backend.server,
      request.template,
      request.values,
      request.directoryContents,
    );
    if (run.status === 200) return { files: run.body.directoryContents };
    const failure = failureOf(
      run.status,
      run.body,
      `the dry run answered ${run.status}`,
    );
    if (failure === undefined) {
      throw new CliError(
        `the in-process scaffolder answered ${run.status}: ${JSON.stringify(
          run.body,
        )}`,
      );
    }
    return { failure };
  } finally {
    await backend.stop();
  }
}
