import { fork } from 'child_process';
import { once } from 'events';
import path from 'path';
import type { ChildBackendOptions, ChildMessage } from './childBackend';

/**
 * Starts a cost backend in a child process (see `childBackend.ts`) and waits
 * until it serves. `report` gives its peak RSS and ends it; `kill` ends it at
 * once, as a crash or an OOM kill would. Killed after `timeoutMs` in any case.
 */
export async function startChildBackend(
  options: ChildBackendOptions & { timeoutMs: number },
) {
  const child = fork(
    path.join(__dirname, 'childBackend.ts'),
    [JSON.stringify(options)],
    {
      execArgv: [
        '-r',
        require.resolve('@backstage/cli/config/nodeTransform.cjs'),
      ],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      // As deployed: the scheduler's janitor, which frees the tasks of
      // replicas killed mid-run once they time out, runs only outside tests.
      env: { ...process.env, NODE_ENV: 'production' },
    },
  );
  const guard = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
  const exited = once(child, 'exit').finally(() => clearTimeout(guard));
  /** The next message of `type`; the TypeScript transform sends its own ({ type: 'watch' }). */
  const next = <T extends ChildMessage['type']>(type: T) =>
    new Promise<Extract<ChildMessage, { type: T }>>((resolve, reject) => {
      const onMessage = (message: ChildMessage) => {
        if (message.type !== type) return;
        child.off('message', onMessage);
        resolve(message as Extract<ChildMessage, { type: T }>);
      };
      child.on('message', onMessage);
      exited.then(([code, signal]) =>
        reject(new Error(`the child backend ended (code ${code}, ${signal})`)),
      );
    });
  const { port } = await next('started');
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    async report() {
      const report = next('report');
      child.send('report');
      const result = await report;
      await exited;
      return result;
    },
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
  };
}
