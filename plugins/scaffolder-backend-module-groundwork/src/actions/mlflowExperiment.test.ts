import { createMockDirectory } from '@backstage/backend-test-utils';
import { IncomingMessage, RequestListener } from 'node:http';
import yaml from 'yaml';
import {
  initiatedActionContext,
  registerFakePluginBackends,
} from '../__testUtils__/fakePluginBackends';
import { createMlflowExperimentAction } from './mlflowExperiment';

const CATALOG = `# Edited by hand too.
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: churn-predictor # the repository name
spec:
  type: ml-project
  owner: group:default/viennaai
  lifecycle: experimental
`;

interface Call {
  method: string;
  url: string;
  authorization?: string;
  body?: any;
}

/** Stands in for the MLOps backend: one experiment exists, others get created. */
function fakeMlops() {
  const calls: Call[] = [];
  const experiments = new Map([['churn-predictor', '1']]);
  const handler: RequestListener = async (req, res) => {
    const body = await readBody(req);
    calls.push({
      method: req.method!,
      url: req.url!,
      authorization: req.headers.authorization,
      body,
    });
    const url = new URL(req.url!, 'http://x');
    res.setHeader('content-type', 'application/json');
    if (
      req.method === 'GET' &&
      url.pathname === '/api/mlops/experiments/by-name'
    ) {
      const name = url.searchParams.get('name')!;
      const id = experiments.get(name);
      res.end(
        JSON.stringify({
          server: url.searchParams.get('server') ?? 'demo',
          name,
          ...(id && {
            experiment: { experimentId: id, lifecycleStage: 'active' },
          }),
        }),
      );
    } else if (
      req.method === 'POST' &&
      url.pathname === '/api/mlops/experiments'
    ) {
      const created = !experiments.has(body.name);
      if (created) experiments.set(body.name, String(experiments.size + 1));
      res.statusCode = created ? 201 : 200;
      res.end(
        JSON.stringify({
          server: body.server ?? 'demo',
          experimentId: experiments.get(body.name),
          name: body.name,
          created,
        }),
      );
    } else {
      res.statusCode = 404;
      res.end(
        JSON.stringify({
          error: { name: 'NotFoundError', message: 'no route' },
        }),
      );
    }
  };
  return { handler, calls };
}

async function readBody(req: IncomingMessage) {
  let text = '';
  for await (const chunk of req) text += chunk;
  return text ? JSON.parse(text) : undefined;
}

describe('groundwork:mlflow:experiment', () => {
  const mockDir = createMockDirectory();
  const workspacePath = mockDir.resolve('workspace');
  const { handler, calls } = fakeMlops();
  const action = createMlflowExperimentAction(
    registerFakePluginBackends(handler),
  );

  beforeEach(() => {
    calls.length = 0;
    mockDir.setContent({ 'workspace/catalog-info.yaml': CATALOG });
  });

  const catalogFile = () =>
    mockDir.content({ path: 'workspace', shouldReadAsText: true })![
      'catalog-info.yaml'
    ] as string;
  const context = (input: Record<string, unknown>, extra: object = {}) =>
    initiatedActionContext(workspacePath, input, extra);

  it.each(
    createMlflowExperimentAction({} as any).examples!.map(e => [
      e.description,
      e.example,
    ]),
  )('runs its example: %s', async (_description, example) => {
    const [step] = yaml.parse(example).steps;
    if (step.input.path) {
      mockDir.setContent({ [`workspace/${step.input.path}`]: CATALOG });
    }
    const ctx = context(step.input);
    await action.handler(ctx as any);
    expect(ctx.output).toHaveBeenCalledWith('experimentName', step.input.name);
  });

  it('creates the experiment as the initiator and annotates, keeping comments', async () => {
    const ctx = context({ name: 'churn-v2', server: 'research' });
    await action.handler(ctx as any);
    expect(calls).toEqual([
      {
        method: 'POST',
        url: '/api/mlops/experiments',
        authorization: expect.stringContaining('Bearer '),
        body: {
          server: 'research',
          name: 'churn-v2',
          owner: 'group:default/viennaai',
        },
      },
    ]);
    expect(calls[0].authorization).toContain('user:default/ana');
    expect(ctx.output).toHaveBeenCalledWith('experimentId', '2');
    expect(ctx.output).toHaveBeenCalledWith('created', true);
    const text = catalogFile();
    expect(text).toContain('# Edited by hand too.');
    expect(text).toContain('name: churn-predictor # the repository name');
    expect(yaml.parse(text).metadata.annotations).toEqual({
      'mlflow.org/experiment-name': 'churn-v2',
      'groundwork.dev/mlflow-server': 'research',
    });
  });

  it("binds the experiment to the owner as the catalog resolves it, in the entity's namespace", async () => {
    mockDir.setContent({
      'workspace/catalog-info.yaml': CATALOG.replace(
        'metadata:\n',
        'metadata:\n  namespace: research\n',
      ).replace('group:default/viennaai', 'ml-team'),
    });
    await action.handler(context({ name: 'churn-v3' }) as any);
    expect(calls[0].body).toEqual({
      name: 'churn-v3',
      owner: 'group:research/ml-team',
    });
  });

  it('adds to the names already listed and names no server for the default one', async () => {
    mockDir.setContent({
      'workspace/catalog-info.yaml': CATALOG.replace(
        'metadata:\n',
        'metadata:\n  annotations:\n    mlflow.org/experiment-name: sweeps\n',
      ),
    });
    await action.handler(context({ name: 'churn-predictor' }) as any);
    expect(yaml.parse(catalogFile()).metadata.annotations).toEqual({
      'mlflow.org/experiment-name': 'sweeps,churn-predictor',
    });
  });

  it('creates nothing in a dry run, and says what would happen', async () => {
    const ctx = context({ name: 'brand-new' }, { isDryRun: true });
    await action.handler(ctx as any);
    expect(calls.map(c => `${c.method} ${c.url}`)).toEqual([
      'GET /api/mlops/experiments/by-name?name=brand-new',
    ]);
    expect(ctx.output).toHaveBeenCalledWith('experimentId', '');
    expect(ctx.output).toHaveBeenCalledWith('created', true);

    const existing = context({ name: 'churn-predictor' }, { isDryRun: true });
    await action.handler(existing as any);
    expect(existing.output).toHaveBeenCalledWith('experimentId', '1');
    expect(existing.output).toHaveBeenCalledWith('created', false);
    expect(calls.filter(c => c.method !== 'GET')).toEqual([]);
  });

  it('does not create twice when a retried task reuses its checkpoint', async () => {
    const checkpoints = new Map<string, unknown>();
    const checkpoint = async ({
      key,
      fn,
    }: {
      key: string;
      fn: () => Promise<unknown>;
    }) => {
      if (!checkpoints.has(key)) checkpoints.set(key, await fn());
      return checkpoints.get(key);
    };
    const first = context({ name: 'retried' }, { checkpoint });
    await action.handler(first as any);
    const retry = context({ name: 'retried' }, { checkpoint });
    await action.handler(retry as any);
    expect(calls.filter(c => c.method === 'POST')).toHaveLength(1);
    expect(retry.output).toHaveBeenCalledWith('created', true);
  });

  it('refuses a path outside the workspace and a bad name before calling anything', async () => {
    await expect(
      action.handler(
        context({ name: 'x', path: '../catalog-info.yaml' }) as any,
      ),
    ).rejects.toThrow(/outside/i);
    await expect(
      action.handler(context({ name: 'a,b' }) as any),
    ).rejects.toThrow(/Invalid input 'name' \('a,b'\): .*comma/);
    expect(calls).toEqual([]);
  });
});
