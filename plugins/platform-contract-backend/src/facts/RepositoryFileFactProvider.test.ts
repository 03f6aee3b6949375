import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { promises as fs } from 'fs';
import os from 'os';
import { join } from 'path';
import { RepositoryFileFact } from '@groundwork/plugin-platform-contract-common';
import {
  createGivenFilesFactProvider,
  createRepositoryFileFactProvider,
} from './RepositoryFileFactProvider';

const entity = (name: string, location?: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    ...(location
      ? { annotations: { 'backstage.io/source-location': location } }
      : {}),
  },
  spec: {},
});

const facts: RepositoryFileFact[] = [
  { name: 'repo.readme', paths: ['README.md'] },
  { name: 'repo.ci', paths: ['.gitlab-ci.yml', '.github/workflows/ci.yml'] },
  {
    name: 'repo.memoryLimit',
    paths: ['chart/values.yaml'],
    valuePath: 'resources.limits.memory',
  },
  {
    name: 'repo.probe',
    paths: ['chart/values.yaml'],
    valuePath: 'livenessProbe',
  },
];
const context = {
  logger: mockServices.logger.mock(),
  credentials: {} as any,
  now: new Date(),
};

describe('createRepositoryFileFactProvider', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await fs.mkdtemp(join(os.tmpdir(), 'pc-repos-'));
    await fs.mkdir(join(dir, 'svc/.github/workflows'), { recursive: true });
    await fs.mkdir(join(dir, 'svc/chart'), { recursive: true });
    await fs.writeFile(join(dir, 'svc/README.md'), '# svc');
    await fs.writeFile(join(dir, 'svc/.github/workflows/ci.yml'), 'on: push');
    await fs.writeFile(
      join(dir, 'svc/chart/values.yaml'),
      'resources:\n  limits:\n    memory: 1Gi\n',
    );
  });
  afterAll(() => fs.rm(dir, { recursive: true, force: true }));

  it('reads mirrored repositories from disk, with file existence and YAML values', async () => {
    const urlReader = mockServices.urlReader.mock();
    const provider = createRepositoryFileFactProvider({
      urlReader,
      logger: context.logger,
      facts,
      mirrors: [{ url: 'https://github.com/acme/', path: dir }],
    });
    const result = await provider.collect(
      [entity('svc', 'url:https://github.com/acme/svc/'), entity('none')],
      context,
    );
    expect(result.get('component:default/svc')).toEqual({
      'repo.readme': true,
      'repo.ci': true,
      'repo.memoryLimit': '1Gi',
      'repo.probe': null,
    });
    expect(result.has('component:default/none')).toBe(false);
    expect(urlReader.readUrl).not.toHaveBeenCalled();
    expect(provider.facts.map(f => [f.name, f.type])).toEqual([
      ['repo.readme', 'boolean'],
      ['repo.ci', 'boolean'],
      ['repo.memoryLimit', 'object'],
      ['repo.probe', 'object'],
    ]);
  });

  it('refuses paths escaping a mirror', async () => {
    const provider = createRepositoryFileFactProvider({
      urlReader: mockServices.urlReader.mock(),
      logger: context.logger,
      facts: [{ name: 'x', paths: ['../../etc/passwd'] }],
      mirrors: [{ url: 'https://github.com/acme/', path: dir }],
    });
    const result = await provider.collect(
      [entity('svc', 'url:https://github.com/acme/svc/')],
      context,
    );
    expect(result.size).toBe(0);
  });

  it('reads other locations through the UrlReader: missing files are false, disallowed hosts leave facts unknown', async () => {
    const urlReader = mockServices.urlReader.mock({
      readUrl: async url => {
        if (url.startsWith('https://forbidden.example/'))
          throw new NotAllowedError('not allowed by integrations');
        if (url.endsWith('README.md'))
          return { buffer: async () => Buffer.from('# hi') } as any;
        throw new NotFoundError(url);
      },
    });
    const provider = createRepositoryFileFactProvider({
      urlReader,
      logger: context.logger,
      facts,
      mirrors: [],
    });
    const result = await provider.collect(
      [
        entity('svc', 'url:https://git.example/acme/svc/tree/main'),
        entity('bad', 'url:https://forbidden.example/x/'),
      ],
      context,
    );
    expect(result.get('component:default/svc')).toEqual({
      'repo.readme': true,
      'repo.ci': false,
      'repo.memoryLimit': null,
      'repo.probe': null,
    });
    expect(urlReader.readUrl).toHaveBeenCalledWith(
      'https://git.example/acme/svc/tree/main/README.md',
    );
    expect(result.has('component:default/bad')).toBe(false);
  });
  it("reads files of a GitLab source location (a /-/tree/ URL) by their /-/blob/ URL, as GitLab's UrlReader requires", async () => {
    const urlReader = mockServices.urlReader.mock({
      readUrl: async url => {
        if (!url.includes('/-/blob/')) {
          throw new Error(`Url path must include /blob/: ${url}`);
        }
        if (url.endsWith('README.md'))
          return { buffer: async () => Buffer.from('# hi') } as any;
        throw new NotFoundError(url);
      },
    });
    const provider = createRepositoryFileFactProvider({
      urlReader,
      logger: context.logger,
      facts,
      mirrors: [],
    });
    const result = await provider.collect(
      [entity('svc', 'url:http://localhost:8929/acme/svc/-/tree/main/')],
      context,
    );
    expect(result.get('component:default/svc')).toMatchObject({
      'repo.readme': true,
      'repo.ci': false,
    });
    expect(urlReader.readUrl).toHaveBeenCalledWith(
      'http://localhost:8929/acme/svc/-/blob/main/README.md',
    );
  });
});

describe('createGivenFilesFactProvider', () => {
  it('derives the same facts from files given as text, whatever the source location', async () => {
    const provider = createGivenFilesFactProvider({
      logger: context.logger,
      facts: [
        ...facts,
        { name: 'repo.dotted', paths: ['./chart//values.yaml'] },
      ],
      files: new Map([
        ['README.md', '# svc'],
        ['chart/values.yaml', 'resources:\n  limits:\n    memory: 2Gi\n'],
      ]),
    });
    const result = await provider.collect([entity('svc')], context);
    expect(result.get('component:default/svc')).toEqual({
      'repo.readme': true,
      'repo.ci': false,
      'repo.memoryLimit': '2Gi',
      'repo.probe': null,
      'repo.dotted': true,
    });
  });
});
