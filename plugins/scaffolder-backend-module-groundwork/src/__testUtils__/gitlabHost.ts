/*
 * Real scaffolder tasks against the GitLab EMULATOR: its start-up and
 * integration config, task runs polled through the scaffolder's REST API and
 * catalog waits. Used by goldenPathUpgrade.test.ts and benchmarks.
 */
import { mockCredentials } from '@backstage/backend-test-utils';
import { startEmulator } from '@groundwork/gitlab-emulator';
import { join } from 'node:path';
import request from 'supertest';

export const GITLAB_TOKEN = 'golden-path-token';
export const GITLAB_GROUP = 'groundwork';

type Server = Parameters<typeof request>[0];

/** The emulator on a free port, with the `integrations` config that points Backstage at it. */
export async function startEmulatedGitLab(dataDir: string) {
  const emulator = await startEmulator({
    dataDir: join(dataDir, 'gitlab'),
    token: GITLAB_TOKEN,
    groups: [GITLAB_GROUP],
  });
  const { port } = new URL(emulator.url);
  const host = `localhost:${port}`;
  const base = `http://${host}`;
  return {
    emulator,
    host,
    base,
    integrations: {
      gitlab: [
        {
          host,
          apiBaseUrl: `${base}/api/v4`,
          baseUrl: base,
          token: GITLAB_TOKEN,
        },
      ],
    },
    /** The scaffolder's `repoUrl` of a project in the group. */
    repoUrl: (repo: string) => `${host}?owner=${GITLAB_GROUP}&repo=${repo}`,
    /** A GitLab REST v4 call with the token; JSON in and out. */
    async api(method: string, path: string, body?: unknown) {
      const res = await fetch(`${base}/api/v4${path}`, {
        method,
        headers: {
          'PRIVATE-TOKEN': GITLAB_TOKEN,
          ...(body !== undefined && { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      const json = (res.headers.get('content-type') ?? '').includes('json');
      return { status: res.status, body: json ? JSON.parse(text) : text };
    },
  };
}

export interface TaskRun {
  status: string;
  output: Record<string, any>;
  log: string[];
}

/** Starts a scaffolder task as a user and polls it until it ends. */
export async function runTask(
  server: Server,
  templateRef: string,
  values: Record<string, unknown>,
  timeoutMs = 30_000,
): Promise<TaskRun> {
  const auth = mockCredentials.user.header();
  const created = await request(server)
    .post('/api/scaffolder/v2/tasks')
    .set('Authorization', auth)
    .send({ templateRef, values });
  if (created.status !== 201) {
    throw new Error(
      `Could not start ${templateRef}: ${created.status} ${JSON.stringify(
        created.body,
      )}`,
    );
  }
  const { id } = created.body;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const task = await request(server)
      .get(`/api/scaffolder/v2/tasks/${id}`)
      .set('Authorization', auth);
    if (['completed', 'failed', 'cancelled'].includes(task.body.status)) {
      const events = await request(server)
        .get(`/api/scaffolder/v2/tasks/${id}/events`)
        .set('Authorization', auth);
      const completion = events.body.find(
        (e: { type: string }) => e.type === 'completion',
      );
      return {
        status: task.body.status,
        output: completion?.body?.output ?? {},
        log: events.body
          .filter((e: { type: string }) => e.type === 'log')
          .map((e: { body: { message: string } }) => e.body.message),
      };
    }
    if (Date.now() > deadline) {
      throw new Error(
        `Task ${id} of ${templateRef} still ${task.body.status} after ${timeoutMs} ms`,
      );
    }
    await new Promise(r => setTimeout(r, 100));
  }
}

/** Waits until the catalog serves the entity and `ready` says it is as expected. */
export async function waitForEntity(
  server: Server,
  ref: string,
  ready: (entity: any) => boolean = () => true,
  timeoutMs = 20_000,
) {
  const [kind, rest] = ref.split(':');
  const [namespace, name] = rest.split('/');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await request(server)
      .get(`/api/catalog/entities/by-name/${kind}/${namespace}/${name}`)
      .set('Authorization', mockCredentials.user.header());
    if (res.status === 200 && ready(res.body)) return res.body;
    if (Date.now() > deadline) {
      throw new Error(
        `${ref} was not in the catalog as expected within ${timeoutMs} ms (last status ${res.status})`,
      );
    }
    await new Promise(r => setTimeout(r, 100));
  }
}
