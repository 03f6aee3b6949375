import { mockCredentials } from '@backstage/backend-test-utils';
import { HarnessServer, serverUrl } from './server';

/** A file as the scaffolder's dry run takes and gives it. */
export interface DirectoryFile {
  path: string;
  base64Content: string;
}

export interface DryRunResult {
  status: number;
  /** path → text of every file the run left in the workspace. */
  files: Map<string, string>;
  log: Array<{ message: string; stepId?: string; status?: string }>;
  output: Record<string, unknown>;
  /** The answer as the scaffolder sent it (on failure, its error and `errors`). */
  body: any;
}

/**
 * `POST /api/scaffolder/v2/dry-run` as a user: the template with the files
 * its `./` URLs resolve in (the template sits at the root of
 * `directoryContents`).
 */
export async function dryRun(
  server: HarnessServer,
  template: object,
  values: Record<string, unknown>,
  directoryContents: DirectoryFile[],
): Promise<DryRunResult> {
  const res = await fetch(`${serverUrl(server)}/api/scaffolder/v2/dry-run`, {
    method: 'POST',
    headers: {
      Authorization: mockCredentials.user.header(),
      'Content-Type': 'application/json',
    },
    body: JSON.stringify({ template, values, directoryContents }),
  });
  const body = JSON.parse(await res.text());
  const files = new Map<string, string>(
    ((body.directoryContents ?? []) as DirectoryFile[]).map(f => [
      f.path,
      Buffer.from(f.base64Content, 'base64').toString('utf8'),
    ]),
  );
  return {
    status: res.status,
    files,
    log: (body.log ?? []).map((l: { body: any }) => l.body),
    output: body.output ?? {},
    body,
  };
}
