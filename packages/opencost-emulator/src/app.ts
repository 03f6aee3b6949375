import {
  InjectedFault,
  RequestControl,
  takeFault,
} from '@groundwork/emulator-server';
import express, { NextFunction, Request, Response } from 'express';
import { OpenCostHttpError, queryAllocation } from './allocation';
import { EmulatorFixtures } from './types';

/** Request log entry, for tests that count upstream calls. */
export interface EmulatorRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  authorization?: string;
}

/**
 * A failure the emulator injects instead of answering; with `body`, that
 * text is sent as JSON with the status, e.g. a truncated answer with 200.
 */
export type EmulatorFault =
  | InjectedFault
  | { status: number; body: string; times?: number };

export interface EmulatorControl
  extends RequestControl<EmulatorRequest, EmulatorFault> {
  /** When set, demand `Authorization: Bearer <token>` (OpenCost behind an auth proxy). */
  token?: string;
  now: () => Date;
}

/** OpenCost's protocol.HTTPResponse envelope for errors. */
function writeJsonError(res: Response, status: number, message: string) {
  res
    .status(status)
    .type('application/json')
    .send(JSON.stringify({ code: status, message }));
}

/** The Express app serving the emulated Allocation API. */
export function createEmulatorApp(
  fixtures: EmulatorFixtures,
  control: EmulatorControl,
): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);

  app.get('/healthz', (_req, res) => {
    res.type('text/plain').send('OK');
  });

  app.use(async (req: Request, res: Response, next: NextFunction) => {
    control.requests.push({
      method: req.method,
      path: req.path,
      query: Object.fromEntries(
        Object.entries(req.query).map(([k, v]) => [k, String(v)]),
      ),
      authorization: req.headers.authorization,
    });
    const fault = await takeFault(control);
    if (fault && 'body' in fault) {
      res.status(fault.status).type('application/json').send(fault.body);
      return;
    }
    if (fault) {
      writeJsonError(
        res,
        fault.status,
        `Injected fault (HTTP ${fault.status})`,
      );
      return;
    }
    if (
      control.token &&
      req.headers.authorization !== `Bearer ${control.token}`
    ) {
      // What a typical OAuth/bearer proxy in front of OpenCost answers.
      res.status(401).type('text/plain').send('Unauthorized\n');
      return;
    }
    next();
  });

  const allocation = (req: Request, res: Response) => {
    const q = (name: string) => {
      const v = req.query[name];
      return typeof v === 'string' ? v : undefined;
    };
    try {
      const data = queryAllocation(
        fixtures,
        {
          window: q('window'),
          aggregate: q('aggregate'),
          accumulate: q('accumulate'),
          step: q('step'),
          includeIdle: q('includeIdle'),
          idle: q('idle'),
          shareIdle: q('shareIdle'),
        },
        control.now(),
      );
      res.type('application/json').send(JSON.stringify({ code: 200, data }));
    } catch (e) {
      if (e instanceof OpenCostHttpError) {
        if (e.format === 'text') {
          // Go's http.Error: plain text with a trailing newline.
          res
            .status(e.status)
            .type('text/plain; charset=utf-8')
            .setHeader('X-Content-Type-Options', 'nosniff')
            .send(`${e.message}\n`);
        } else {
          writeJsonError(res, e.status, e.message);
        }
        return;
      }
      writeJsonError(res, 500, (e as Error).message);
    }
  };
  app.get('/allocation', allocation);
  app.get('/allocation/compute', allocation);

  app.use((_req: Request, res: Response) => {
    // httprouter's NotFound handler.
    res
      .status(404)
      .type('text/plain; charset=utf-8')
      .send('404 page not found\n');
  });
  return app;
}
