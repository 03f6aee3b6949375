import { createMockDirectory } from '@backstage/backend-test-utils';
import { TagClaim } from '@groundwork/plugin-cost-common';
import { RequestListener } from 'node:http';
import yaml from 'yaml';
import {
  initiatedActionContext,
  registerFakePluginBackends,
} from '../__testUtils__/fakePluginBackends';
import { createCostTagsAction } from './costTags';

const CATALOG = `# The new service.
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: checkout # repository name
spec:
  type: service
  owner: group:default/payments
  lifecycle: experimental
`;

/** Stands in for the cost backend's claims look-up. */
function fakeCost() {
  const urls: string[] = [];
  const claims = new Map<string, Partial<TagClaim>>([
    [
      'application=billing',
      {
        claimed: true,
        claimedBy: [{ entityRef: 'component:default/billing', via: 'tagRule' }],
      },
    ],
    ['team=secret', { claimed: true, hiddenClaimants: 1 }],
    ['application=legacy', { billedUnattributed: true }],
  ]);
  const handler: RequestListener = (req, res) => {
    urls.push(req.url!);
    const url = new URL(req.url!, 'http://x');
    const tags = url.searchParams.getAll('tag');
    const values = url.searchParams.getAll('value');
    res.setHeader('content-type', 'application/json');
    res.end(
      JSON.stringify({
        claims: tags.map((tag, i) => ({
          tag: tag.toLowerCase(),
          value: values[i],
          claimed: false,
          claimedBy: [],
          hiddenClaimants: 0,
          billedUnattributed: false,
          ...claims.get(`${tag.toLowerCase()}=${values[i]}`),
        })),
      }),
    );
  };
  return { handler, urls };
}

describe('groundwork:cost:tags', () => {
  const mockDir = createMockDirectory();
  const workspacePath = mockDir.resolve('workspace');
  const { handler, urls } = fakeCost();
  const action = createCostTagsAction(registerFakePluginBackends(handler));

  beforeEach(() => {
    urls.length = 0;
    mockDir.setContent({ 'workspace/catalog-info.yaml': CATALOG });
  });

  const annotations = () =>
    yaml.parse(
      mockDir.content({ path: 'workspace', shouldReadAsText: true })![
        'catalog-info.yaml'
      ] as string,
    ).metadata.annotations;
  const context = (input: Record<string, unknown>, extra: object = {}) =>
    initiatedActionContext(workspacePath, input, extra);

  it.each(
    createCostTagsAction({} as any).examples!.map(e => [
      e.description,
      e.example,
    ]),
  )('runs its example: %s', async (_description, example) => {
    const [step] = yaml.parse(example).steps;
    const ctx = context(step.input);
    await action.handler(ctx as any);
    expect(ctx.output).toHaveBeenCalledWith('costTags', expect.any(String));
  });

  it('proposes application=<name> and the budget by default, keeping comments', async () => {
    const ctx = context({ budget: { amount: 500, currency: 'usd' } });
    await action.handler(ctx as any);
    expect(urls).toEqual([
      '/api/cost/attribution/claims?tag=application&value=checkout',
    ]);
    expect(annotations()).toEqual({
      'groundwork.dev/cost-tags': 'application=checkout',
      'groundwork.dev/cost-budget': '500 USD',
    });
    expect(ctx.output).toHaveBeenCalledWith('costTags', 'application=checkout');
    expect(ctx.output).toHaveBeenCalledWith('budget', '500 USD');
    const text = mockDir.content({
      path: 'workspace',
      shouldReadAsText: true,
    })!['catalog-info.yaml'] as string;
    expect(text).toContain('name: checkout # repository name');
  });

  it('takes tags as a map or as key=value entries', async () => {
    await action.handler(
      context({ tags: { project: 'atlas', env: 'prod' } }) as any,
    );
    expect(annotations()['groundwork.dev/cost-tags']).toBe(
      'project=atlas, env=prod',
    );
    await action.handler(
      context({ tags: ['project=atlas', ' env = prod '] }) as any,
    );
    expect(annotations()['groundwork.dev/cost-tags']).toBe(
      'project=atlas, env=prod',
    );
    expect(urls[1]).toBe(
      '/api/cost/attribution/claims?tag=project&value=atlas&tag=env&value=prod',
    );
  });

  it('refuses a tag another entity claims, naming it and the way out, and writes nothing', async () => {
    await expect(
      action.handler(context({ tags: ['application=billing'] }) as any),
    ).rejects.toThrow(
      "cost tag application=billing is already claimed by component:default/billing; choose another value for 'application', or ask the owner of component:default/billing to give it up",
    );
    await expect(
      action.handler(context({ tags: { team: 'secret' } }) as any),
    ).rejects.toThrow(
      /already claimed by an entity you cannot see; choose another value for 'team'/,
    );
    expect(annotations()).toBeUndefined();
  });

  it('warns about unowned billing rows but proposes the tag', async () => {
    const ctx = context({ tags: ['application=legacy'] });
    const warn = jest.spyOn(ctx.logger, 'warn');
    await action.handler(ctx as any);
    expect(warn).toHaveBeenCalledWith(
      expect.stringContaining('Billing rows already carry application=legacy'),
    );
    expect(annotations()['groundwork.dev/cost-tags']).toBe(
      'application=legacy',
    );
  });

  it('looks up and writes only inside the workspace in a dry run', async () => {
    const ctx = context({ tags: ['application=billing'] }, { isDryRun: true });
    await expect(action.handler(ctx as any)).rejects.toThrow(/already claimed/);
    const ok = context({}, { isDryRun: true });
    await action.handler(ok as any);
    expect(annotations()['groundwork.dev/cost-tags']).toBe(
      'application=checkout',
    );
  });

  it('refuses a path outside the workspace and malformed tags before calling the cost API', async () => {
    await expect(
      action.handler(context({ path: '../catalog-info.yaml' }) as any),
    ).rejects.toThrow(/outside/i);
    await expect(
      action.handler(context({ tags: ['no-value'] }) as any),
    ).rejects.toThrow(/'no-value' is not key=value/);
    await expect(
      action.handler(context({ tags: { team: 'a,b' } }) as any),
    ).rejects.toThrow(/without commas/);
    expect(urls).toEqual([]);
  });
});
