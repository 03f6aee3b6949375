import { spawn } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';

/** Where `git http-backend` lives: `git --exec-path`. */
let execPath: Promise<string> | undefined;
function gitExecPath(): Promise<string> {
  execPath ??= new Promise((resolve, reject) => {
    const child = spawn('git', ['--exec-path']);
    let out = '';
    child.stdout.on('data', d => (out += d));
    child.on('error', reject);
    child.on('close', code =>
      code === 0
        ? resolve(out.trim())
        : reject(new Error('git --exec-path failed: is git installed?')),
    );
  });
  return execPath;
}

/**
 * Answers one smart HTTP request (`info/refs`, `git-upload-pack`,
 * `git-receive-pack`) by running the machine's `git http-backend` as a CGI
 * program, as a web server in front of GitLab's Gitaly would.
 * `pathInfo` is `/<namespace>/<project>.git/<service path>` under `projectRoot`.
 */
export async function runGitHttpBackend(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  options: {
    projectRoot: string;
    pathInfo: string;
    remoteUser: string;
    /** Runs after git finishes and before the response ends, so the client sees its effect. */
    afterRun?: () => Promise<void>;
  },
): Promise<void> {
  const backend = path.join(await gitExecPath(), 'git-http-backend');
  const query = req.url?.split('?')[1] ?? '';
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    GIT_PROJECT_ROOT: options.projectRoot,
    GIT_HTTP_EXPORT_ALL: '1',
    PATH_INFO: options.pathInfo,
    REQUEST_METHOD: req.method,
    QUERY_STRING: query,
    CONTENT_TYPE: req.headers['content-type'] ?? '',
    REMOTE_USER: options.remoteUser,
    REMOTE_ADDR: req.socket.remoteAddress ?? '',
    GATEWAY_INTERFACE: 'CGI/1.1',
    SERVER_PROTOCOL: 'HTTP/1.1',
    GIT_CONFIG_NOSYSTEM: '1',
  };
  if (req.headers['content-length']) {
    env.CONTENT_LENGTH = req.headers['content-length'];
  }
  if (req.headers['content-encoding']) {
    env.HTTP_CONTENT_ENCODING = req.headers['content-encoding'];
  }
  if (req.headers['git-protocol']) {
    env.GIT_PROTOCOL = String(req.headers['git-protocol']);
  }

  await new Promise<void>((resolve, reject) => {
    const child = spawn(backend, [], { env });
    let headersDone = false;
    let head = Buffer.alloc(0);
    let stderr = '';
    child.stderr.on('data', d => (stderr += d));
    child.stdout.on('data', (chunk: Buffer) => {
      if (headersDone) {
        res.write(chunk);
        return;
      }
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      const endLf = head.indexOf('\n\n');
      const [at, sep] =
        end !== -1 && (endLf === -1 || end < endLf) ? [end, 4] : [endLf, 2];
      if (at === -1) return;
      headersDone = true;
      let status = 200;
      for (const line of head.subarray(0, at).toString().split(/\r?\n/)) {
        const colon = line.indexOf(':');
        const name = line.slice(0, colon).trim();
        const value = line.slice(colon + 1).trim();
        if (name.toLowerCase() === 'status') status = parseInt(value, 10);
        else res.setHeader(name, value);
      }
      res.statusCode = status;
      res.write(head.subarray(at + sep));
    });
    child.on('error', reject);
    child.on('close', async code => {
      if (!headersDone) {
        res.statusCode = 500;
        res.setHeader('content-type', 'text/plain');
        res.write(`git http-backend failed (${code}): ${stderr}`);
      }
      await options.afterRun?.().catch(reject);
      res.end();
      resolve();
    });
    req.pipe(child.stdin);
  });
}
