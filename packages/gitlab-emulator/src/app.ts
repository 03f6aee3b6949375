import {
  InjectedFault,
  RequestControl,
  takeFault,
} from '@groundwork/emulator-server';
import express, { NextFunction, Request, Response } from 'express';
import { createApiRouter } from './api';
import { adoptPushedDefaultBranch } from './project';
import { runGitHttpBackend } from './smartHttp';
import { EmulatorStore } from './store';
import { createWebRouter } from './web';

/** Request log entry, for tests that count upstream calls. */
export interface EmulatorRequest {
  method: string;
  path: string;
}

/** A failure the emulator injects instead of answering. */
export type EmulatorFault = InjectedFault;

export interface EmulatorControl
  extends RequestControl<EmulatorRequest, EmulatorFault> {
  /** The one token accepted (as `PRIVATE-TOKEN`, `Authorization: Bearer`, or a git password). */
  token: string;
  now: () => Date;
  /** e.g. `http://localhost:8929`; default: from the request's Host header. */
  externalUrl?: string;
}

const SMART_HTTP =
  /^\/([^/]+)\/([^/]+?)(?:\.git)?\/(info\/refs|git-upload-pack|git-receive-pack)$/;

function tokenOf(req: Request): string | undefined {
  const privateToken = req.headers['private-token'];
  if (typeof privateToken === 'string') return privateToken;
  const auth = req.headers.authorization ?? '';
  if (auth.startsWith('Bearer ')) return auth.slice('Bearer '.length);
  if (auth.startsWith('Basic ')) {
    // git over HTTP: any user name (`oauth2` by convention) and the token as password.
    const decoded = Buffer.from(
      auth.slice('Basic '.length),
      'base64',
    ).toString();
    return decoded.slice(decoded.indexOf(':') + 1);
  }
  return typeof req.query.private_token === 'string'
    ? req.query.private_token
    : undefined;
}

/** The Express app: GitLab's REST API v4 under `/api/v4`, git smart HTTP, and a small web listing. */
export function createEmulatorApp(
  store: EmulatorStore,
  control: EmulatorControl,
): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  const baseUrlOf = (req: Request) =>
    control.externalUrl ?? `${req.protocol}://${req.headers.host}`;

  app.get('/-/health', (_req, res) => {
    res.type('text/plain').send('GitLab OK');
  });

  const guard = async (req: Request, res: Response, next: NextFunction) => {
    control.requests.push({ method: req.method, path: req.path });
    const fault = await takeFault(control);
    if (fault) {
      res
        .status(fault.status)
        .json({ message: `${fault.status} Injected fault` });
      return;
    }
    if (tokenOf(req) !== control.token) {
      if (SMART_HTTP.test(req.path)) {
        res.set('www-authenticate', 'Basic realm="GitLab"');
        res.status(401).type('text/plain').send('HTTP Basic: Access denied\n');
      } else {
        res.status(401).json({ message: '401 Unauthorized' });
      }
      return;
    }
    next();
  };

  app.use(async (req, res, next) => {
    const match = SMART_HTTP.exec(req.path);
    if (!match) {
      next();
      return;
    }
    await guard(req, res, async () => {
      const project = store.findProject(`${match[1]}/${match[2]}`);
      if (!project) {
        res
          .status(404)
          .type('text/plain')
          .send('The project you were looking for could not be found.\n');
        return;
      }
      const pathInfo = `/${project.namespacePath}/${project.path}.git/${match[3]}`;
      const isPush = match[3] === 'git-receive-pack';
      const run = () =>
        runGitHttpBackend(req, res, {
          projectRoot: store.repositoriesDir,
          pathInfo,
          remoteUser: store.user.username,
          afterRun: isPush
            ? async () => {
                await adoptPushedDefaultBranch(store.gitDir(project));
                store.touchProject(project, control.now().toISOString());
              }
            : undefined,
        });
      await (isPush ? store.withProjectLock(project.id, run) : run());
    }).catch(next);
  });

  app.use('/api/v4', guard, createApiRouter(store, baseUrlOf, control.now));
  app.use(createWebRouter(store, baseUrlOf));
  app.use((error: Error, _req: Request, res: Response, _next: NextFunction) => {
    // Logged, as GitLab logs its 500s; the client gets GitLab's body.
    process.stderr.write(`gitlab-emulator: ${error.stack}\n`);
    res.status(500).json({ message: '500 Internal Server Error' });
  });
  return app;
}
