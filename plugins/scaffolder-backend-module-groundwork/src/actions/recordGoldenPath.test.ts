import { createMockDirectory } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import yaml from 'yaml';
import { GOLDEN_PATH_FILE } from '@groundwork/plugin-platform-contract-common';
import { createGoldenPathRecordAction } from './recordGoldenPath';

const CATALOG = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: demo-service # the repository name
spec:
  type: service
  owner: group:default/team-a
`;

const templateInfo = {
  entityRef: 'template:default/python-service',
  entity: {
    metadata: {
      name: 'python-service',
      annotations: { 'groundwork.dev/golden-path-version': '1.3.0' },
    },
  },
};

describe('groundwork:golden-path:record', () => {
  const mockDir = createMockDirectory();
  const workspacePath = mockDir.resolve('workspace');
  const action = createGoldenPathRecordAction({
    now: () => new Date('2026-03-01T09:30:00Z'),
  });
  const workspace = () =>
    mockDir.content({ path: 'workspace', shouldReadAsText: true }) as any;
  const lineage = () =>
    yaml.parse(workspace()['.groundwork']['golden-path.yaml']);

  beforeEach(() => {
    mockDir.setContent({ 'workspace/catalog-info.yaml': CATALOG });
  });

  it.each(action.examples!.map(e => [e.description, e.example]))(
    'runs its example: %s',
    async (_description, example) => {
      const { input } = yaml.parse(example).steps[0];
      const ctx = createMockActionContext({
        input,
        workspacePath,
        templateInfo,
      });
      await action.handler(ctx as any);

      const expectedRef = input.template ?? templateInfo.entityRef;
      const expectedVersion = input.version ?? '1.3.0';
      expect(ctx.output).toHaveBeenCalledWith(
        'annotation',
        `${expectedRef}@${expectedVersion}`,
      );
      expect(ctx.output).toHaveBeenCalledWith('file', GOLDEN_PATH_FILE);
      expect(lineage()).toMatchObject({
        template: expectedRef,
        version: expectedVersion,
        createdAt: '2026-03-01T09:30:00.000Z',
      });
      for (const key of input.omit ?? []) {
        expect(lineage().values).not.toHaveProperty(key);
      }
    },
  );

  it('annotates catalog-info.yaml through the annotate code and writes the lineage file', async () => {
    await action.handler(
      createMockActionContext({
        input: { values: { name: 'demo-service', replicas: 2 } },
        workspacePath,
        templateInfo,
      }) as any,
    );

    expect(workspace()['catalog-info.yaml'])
      .toBe(`apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: demo-service # the repository name
  annotations:
    groundwork.dev/golden-path: template:default/python-service@1.3.0
spec:
  type: service
  owner: group:default/team-a
`);
    expect(lineage()).toEqual({
      template: 'template:default/python-service',
      version: '1.3.0',
      values: { name: 'demo-service', replicas: 2 },
      createdAt: '2026-03-01T09:30:00.000Z',
      base: { branch: 'groundwork-golden-path-1.3.0' },
    });
  });

  it('never writes secrets', async () => {
    await action.handler(
      createMockActionContext({
        input: {
          values: {
            name: 'demo-service',
            apiToken: 'literal-in-parameters',
            deploy: { key: 'ghp_s3cr3t-value', region: 'eu' },
            urls: ['https://x:ghp_s3cr3t-value@git.example.com', 'ok'],
            internalNote: 'drop me',
          },
          omit: ['internalNote'],
        },
        secrets: { apiToken: 'something-else', deployKey: 'ghp_s3cr3t-value' },
        workspacePath,
        templateInfo,
      }) as any,
    );

    const written = workspace()['.groundwork']['golden-path.yaml'];
    expect(written).not.toContain('ghp_s3cr3t-value');
    expect(written).not.toContain('literal-in-parameters');
    expect(written).not.toContain('drop me');
    expect(lineage().values).toEqual({
      name: 'demo-service',
      deploy: { region: 'eu' },
      urls: ['ok'],
    });
  });

  it('keeps the first createdAt when a retry reuses the checkpoint', async () => {
    const stored = new Map<string, unknown>();
    const ctx = {
      ...createMockActionContext({ input: {}, workspacePath, templateInfo }),
      async checkpoint({
        key,
        fn,
      }: {
        key: string;
        fn: () => Promise<unknown>;
      }) {
        if (!stored.has(key)) stored.set(key, await fn());
        return stored.get(key);
      },
    };
    await action.handler(ctx as any);
    await createGoldenPathRecordAction({
      now: () => new Date('2026-03-02T00:00:00Z'),
    }).handler(ctx as any);

    expect(lineage().createdAt).toBe('2026-03-01T09:30:00.000Z');
    expect(
      workspace()['catalog-info.yaml'].match(/groundwork.dev\/golden-path:/g),
    ).toHaveLength(1);
  });

  it('explains what is missing', async () => {
    await expect(
      action.handler(
        createMockActionContext({ input: {}, workspacePath }) as any,
      ),
    ).rejects.toThrow("pass the input 'template'");
    await expect(
      action.handler(
        createMockActionContext({
          input: {},
          workspacePath,
          templateInfo: { entityRef: 'template:default/python-service' },
        }) as any,
      ),
    ).rejects.toThrow(
      "add the annotation groundwork.dev/golden-path-version to the template's metadata.annotations, or pass the input 'version'",
    );
    await expect(
      action.handler(
        createMockActionContext({
          input: { template: 'component:default/demo', version: '1' },
          workspacePath,
        }) as any,
      ),
    ).rejects.toThrow("'component:default/demo' is not a template entity ref");
  });

  it('refuses paths outside the workspace', async () => {
    mockDir.addContent({ 'catalog-info.yaml': CATALOG });
    await expect(
      action.handler(
        createMockActionContext({
          input: { path: '../catalog-info.yaml' },
          workspacePath,
          templateInfo,
        }) as any,
      ),
    ).rejects.toThrow(/outside/);
    expect(
      mockDir.content({ shouldReadAsText: true })!['catalog-info.yaml'],
    ).toBe(CATALOG);
  });

  it('writes only inside the workspace in a dry run', async () => {
    await action.handler({
      ...createMockActionContext({ input: {}, workspacePath, templateInfo }),
      isDryRun: true,
    } as any);

    expect(Object.keys(mockDir.content()!)).toEqual(['workspace']);
    expect(lineage().template).toBe('template:default/python-service');
  });
});
