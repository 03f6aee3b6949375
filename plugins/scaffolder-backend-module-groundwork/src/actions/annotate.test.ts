import { createMockDirectory } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import yaml from 'yaml';
import { createCatalogAnnotateAction } from './annotate';

const COMPONENT = `# The service's entity; edited by hand as well.
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: demo-service # stays the repository name
  description: A demo
  annotations:
    github.com/project-slug: acme/demo-service
  tags:
    - python
spec:
  type: service # or website
  owner: group:default/team-a
  lifecycle: experimental
`;

const API = `---
# The API lives in the same file.
apiVersion: backstage.io/v1alpha1
kind: API
metadata: {name: demo-api}
spec:
  type: openapi
  owner:   group:default/team-a
  definition: |
    openapi: 3.0.0
`;

describe('groundwork:catalog:annotate', () => {
  const mockDir = createMockDirectory();
  const workspacePath = mockDir.resolve('workspace');
  const action = createCatalogAnnotateAction();
  const catalogFile = () =>
    mockDir.content({ path: 'workspace', shouldReadAsText: true })![
      'catalog-info.yaml'
    ] as string;
  const run = (input: Record<string, any>) =>
    action.handler(createMockActionContext({ input, workspacePath }) as any);

  beforeEach(() => {
    mockDir.setContent({ 'workspace/catalog-info.yaml': COMPONENT + API });
  });

  it.each(action.examples!.map(e => [e.description, e.example]))(
    'runs its example: %s',
    async (_description, example) => {
      const step = yaml.parse(example).steps[0];
      const ctx = createMockActionContext({ input: step.input, workspacePath });
      await action.handler(ctx as any);

      const docs = yaml.parseAllDocuments(catalogFile()).map(doc => doc.toJS());
      const changed = docs[(ctx.output as jest.Mock).mock.calls[1][1]];
      for (const [key, value] of Object.entries(step.input.annotations)) {
        expect(changed.metadata.annotations[key]).toBe(value);
      }
      expect(ctx.output).toHaveBeenCalledWith('path', 'catalog-info.yaml');
    },
  );

  it('keeps comments, key order and the other documents byte for byte', async () => {
    await run({
      annotations: { 'groundwork.dev/tier': 'gold' },
      labels: { team: 'a' },
      tags: ['ml'],
    });

    expect(catalogFile()).toBe(
      `# The service's entity; edited by hand as well.
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: demo-service # stays the repository name
  description: A demo
  annotations:
    github.com/project-slug: acme/demo-service
    groundwork.dev/tier: gold
  tags:
    - python
    - ml
  labels:
    team: a
spec:
  type: service # or website
  owner: group:default/team-a
  lifecycle: experimental
${API}`,
    );
  });

  it('merges tags without duplicates and links by url', async () => {
    await run({
      tags: ['python', 'ml', 'ml'],
      links: [
        { url: 'https://docs.example.com', title: 'Docs' },
        { url: 'https://ci.example.com', title: 'CI', icon: 'build' },
      ],
    });
    await run({
      links: [{ url: 'https://docs.example.com', title: 'Handbook' }],
    });

    const entity = yaml.parse(catalogFile().split('\n---\n')[0]);
    expect(entity.metadata.tags).toEqual(['python', 'ml']);
    expect(entity.metadata.links).toEqual([
      { url: 'https://docs.example.com', title: 'Handbook' },
      { url: 'https://ci.example.com', title: 'CI', icon: 'build' },
    ]);
  });

  it('picks a document by kind or by index, and keeps list style', async () => {
    mockDir.setContent({
      'workspace/catalog-info.yaml': `${COMPONENT}---
apiVersion: backstage.io/v1alpha1
kind: API
metadata:
  name: demo-api
  tags:
  - rest
`,
    });
    await run({ kind: 'api', tags: ['openapi'] });
    await run({ documentIndex: 1, annotations: { a: 'b' } });

    expect(catalogFile()).toBe(`${COMPONENT}---
apiVersion: backstage.io/v1alpha1
kind: API
metadata:
  name: demo-api
  tags:
  - rest
  - openapi
  annotations:
    a: b
`);
  });

  it('refuses paths outside the workspace', async () => {
    mockDir.addContent({ 'catalog-info.yaml': COMPONENT });
    await expect(
      run({ path: '../catalog-info.yaml', tags: ['ml'] }),
    ).rejects.toThrow(/outside/);
    expect(
      mockDir.content({ shouldReadAsText: true })!['catalog-info.yaml'],
    ).toBe(COMPONENT);
  });

  it('explains bad input', async () => {
    await expect(run({})).rejects.toThrow(
      "give at least one of 'annotations', 'labels', 'tags' or 'links'",
    );
    await expect(
      run({ annotations: { 'not a key': 'x' }, tags: ['Bad Tag'] }),
    ).rejects.toThrow(
      /annotation key 'not a key' is not valid.*tag 'Bad Tag' is not valid/,
    );
    await expect(run({ documentIndex: 5, tags: ['ml'] })).rejects.toThrow(
      'documentIndex 5 does not exist: catalog-info.yaml has 2 document(s)',
    );
    await expect(run({ kind: 'Group', tags: ['ml'] })).rejects.toThrow(
      "No document of catalog-info.yaml has kind 'Group'",
    );
    expect(catalogFile()).toBe(COMPONENT + API);
  });

  it('names the file when it is missing or not valid YAML', async () => {
    await expect(run({ path: 'missing.yaml', tags: ['ml'] })).rejects.toThrow(
      /missing.yaml was not found in the workspace/,
    );

    mockDir.setContent({
      'workspace/catalog-info.yaml': 'metadata:\n  name: [demo\nspec: {}\n',
    });
    await expect(run({ tags: ['ml'] })).rejects.toThrow(
      /catalog-info.yaml is not valid YAML at line \d+, column \d+/,
    );
  });

  it('writes only inside the workspace in a dry run', async () => {
    mockDir.addContent({ 'outside/catalog-info.yaml': COMPONENT });
    await action.handler({
      ...createMockActionContext({
        input: { tags: ['ml'] },
        workspacePath,
      }),
      isDryRun: true,
    } as any);

    const content = mockDir.content({ shouldReadAsText: true }) as any;
    expect(content.outside['catalog-info.yaml']).toBe(COMPONENT);
    expect(content.workspace['catalog-info.yaml']).toContain('- ml');
  });
});
