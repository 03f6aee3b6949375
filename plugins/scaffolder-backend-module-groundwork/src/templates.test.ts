/*
 * CI for the golden paths: every template in templates/ is dry-run through
 * the real scaffolder backend, with the real catalog (the demo organisation),
 * the real platform contract backend (the reference contracts) and this
 * module. A template that would create a repository outside the contract
 * fails here, naming the template, the rule and the fix.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { mockCredentials } from '@backstage/backend-test-utils';
import { dryRun, DryRunResult } from '@groundwork/golden-path-harness';
import { runGroundwork } from '@groundwork/test-utils';
import { parse, parseDocument } from 'yaml';
import {
  DEMO_OWNER_WITHOUT_MEMBERS,
  GoldenPath,
  loadGoldenPaths,
  loadTemplates,
  REPO_ROOT,
  REFERENCE_CONTRACTS,
  SKELETONS_DIR,
  skeletonContents,
  TEMPLATES_DIR,
  startDemoBackend,
} from './__testUtils__/demoBackend';
import { goldenPathValues } from './__testUtils__/goldenPathValues';
import {
  ciPipelineProblems,
  GROUNDWORK_CI_STEPS,
  helmChartProblems,
  unparseableFiles,
} from './__testUtils__/renderedRepository';

jest.setTimeout(120_000);

// Jest runs this file in its own realm, while Node's fetch parses JSON in the
// main one; the scaffolder's template engine refuses arrays from another
// realm when a later step reads the contract check's output. Parsing the text
// here keeps every value in this realm (outside Jest nothing changes).
Response.prototype.json = async function json(this: Response) {
  return JSON.parse(await this.text());
};

const CONTRACT_STEP = 'contract-check';

/** Why the contract check step did not complete, or undefined if it did. */
function contractCheckFailure(run: DryRunResult): string | undefined {
  const completed = run.log.some(
    l => l.stepId === CONTRACT_STEP && l.status === 'completed',
  );
  if (run.status === 200 && completed) return undefined;
  const stepLog = run.log
    .filter(l => l.stepId === CONTRACT_STEP)
    .map(l => l.message)
    .join('\n');
  return `${stepLog}\n${run.body?.error?.message ?? ''}`.trim();
}

/** Fails with the template, the failing rules and their fixes. */
function expectCompliant(path: GoldenPath, run: DryRunResult) {
  const failure = contractCheckFailure(run);
  if (failure !== undefined) {
    throw new Error(
      `Golden path ${path.file} (${path.template.metadata.name}) would create a repository that does not pass the platform contract:\n${failure}`,
    );
  }
}

describe('golden paths, dry-run through the real scaffolder', () => {
  let backend: Awaited<ReturnType<typeof startDemoBackend>>;
  let contents: Awaited<ReturnType<typeof skeletonContents>>;
  let goldenPaths: GoldenPath[];

  beforeAll(async () => {
    [backend, contents, goldenPaths] = await Promise.all([
      startDemoBackend(),
      skeletonContents(),
      loadGoldenPaths(),
    ]);
  });
  afterAll(() => backend?.stop());

  it('has the five golden paths, each with answers to dry-run', async () => {
    expect(goldenPaths.map(p => p.template.metadata.name).sort()).toEqual([
      'docs-site',
      'kubernetes-service',
      'ml-project',
      'node-service',
      'python-service',
    ]);
    for (const { template } of goldenPaths) {
      expect(goldenPathValues[template.metadata.name]).toBeDefined();
    }
  });

  it('every template is a versioned golden path with the platform form and step order', async () => {
    const pieces = parse(
      await fs.readFile(join(SKELETONS_DIR, 'pieces.yaml'), 'utf8'),
    ).pieces as Record<string, { version: string }>;
    for (const { file, template } of goldenPaths) {
      const where = `templates/${file}`;
      const { annotations = {}, tags = [] } = template.metadata;
      expect({
        where,
        version: annotations['groundwork.dev/golden-path-version'],
      }).toEqual({ where, version: expect.stringMatching(/^\d+\.\d+\.\d+$/) });
      expect({ where, tags }).toEqual({
        where,
        tags: expect.arrayContaining(['golden-path']),
      });
      expect(['service', 'website', 'ml-project']).toContain(
        template.spec.type,
      );

      // The pieces it names are the pieces it fetches, at their current version.
      const named = Object.fromEntries(
        (annotations['groundwork.dev/golden-path-pieces'] ?? '')
          .split(',')
          .map(p => p.trim().split('@')),
      );
      const fetched = new Set(
        template.spec.steps
          .filter(s => s.action === 'fetch:template')
          .map(s => {
            const url = String(s.input?.url).replace(/^\.\/skeletons\//, '');
            return url.startsWith('ci/') ? 'ci' : url;
          }),
      );
      expect({ where, pieces: Object.keys(named).sort() }).toEqual({
        where,
        pieces: [...fetched].sort(),
      });
      for (const [piece, version] of Object.entries(named)) {
        expect({ where, piece, version }).toEqual({
          where,
          piece,
          version: pieces[piece]?.version,
        });
      }

      // The form: owner (a group), system, a named pattern, the CI system.
      const properties = Object.assign(
        {},
        ...template.spec.parameters.map(p => p.properties),
      );
      expect(properties.owner).toMatchObject({
        'ui:field': 'OwnerPicker',
        'ui:options': { catalogFilter: { kind: 'Group' } },
      });
      expect(properties.system).toMatchObject({
        'ui:field': 'EntityPicker',
        'ui:options': { catalogFilter: { kind: 'System' } },
      });
      expect(properties.name).toMatchObject({
        pattern: expect.any(String),
        'ui:help': expect.any(String),
      });
      expect(properties.ciSystem.enum).toEqual(['github-actions', 'gitlab-ci']);

      // Render → annotate → record → … → check (ground) → publish → register.
      const actions = template.spec.steps.map(s => s.action);
      const at = (action: string) => actions.indexOf(action);
      const lastFetch = actions.lastIndexOf('fetch:template');
      expect(lastFetch).toBeLessThan(at('groundwork:catalog:annotate'));
      expect(at('groundwork:catalog:annotate')).toBeLessThan(
        at('groundwork:golden-path:record'),
      );
      expect(at('groundwork:golden-path:record')).toBeLessThan(
        at('groundwork:contract:check'),
      );
      const check = template.spec.steps.find(s => s.id === CONTRACT_STEP);
      expect(check).toMatchObject({
        action: 'groundwork:contract:check',
        input: { failOn: 'ground' },
      });
      const publishing = template.spec.steps.filter(s =>
        /^(publish:|catalog:register|groundwork:golden-path:keep-base)/.test(
          s.action,
        ),
      );
      expect(publishing.map(s => s.action)).toEqual([
        'publish:github',
        'publish:gitlab',
        'groundwork:golden-path:keep-base',
        'catalog:register',
      ]);
      // The base is kept whenever the repository is published.
      expect(publishing[2].if).toBe(publishing[3].if);
      for (const step of publishing) {
        expect(template.spec.steps.indexOf(step)).toBeGreaterThan(
          template.spec.steps.indexOf(check!),
        );
        expect(step.if).toContain('environment.parameters.gitHost');
      }

      // Links to the repository, the entity and its scorecard.
      const links = (template.spec.output as any).links;
      expect(links).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ title: 'Repository' }),
          expect.objectContaining({
            entityRef: expect.stringContaining('component:default/'),
          }),
          expect.objectContaining({
            url: expect.stringMatching(
              /^\/catalog\/default\/component\/.+\/scorecard$/,
            ),
          }),
        ]),
      );
    }
  });

  describe.each([
    'docs-site',
    'kubernetes-service',
    'ml-project',
    'node-service',
    'python-service',
  ])('%s', name => {
    let goldenPath: GoldenPath;
    let run: DryRunResult;
    beforeAll(async () => {
      goldenPath = goldenPaths.find(p => p.template.metadata.name === name)!;
      run = await dryRun(
        backend.server,
        goldenPath.template,
        goldenPathValues[name],
        contents,
      );
    });

    it('dry-runs and passes the platform contract check before publishing', () => {
      expectCompliant(goldenPath, run);
      // Beyond the ground rules, only the rule that cannot pass on day one
      // fails: new components are experimental.
      const failingRules = run.log
        .filter(l => l.stepId === CONTRACT_STEP)
        .flatMap(l => [...l.message.matchAll(/FAIL \[\w+\] ([\w-]+)/g)])
        .map(m => m[1]);
      const dayOneExceptions = ['in-production'];
      expect(failingRules.filter(r => !dayOneExceptions.includes(r))).toEqual(
        [],
      );
      // The task output shows each contract's score and level.
      const text = (run.output.text as { content: string }[])[0].content;
      expect(text).toMatch(
        /contract: score [\d.]+, level \w+, ground rules met/,
      );
      // Publishing and registration are skipped without a configured git host.
      for (const step of [
        'publish-github',
        'publish-gitlab',
        'keep-base',
        'register',
      ]) {
        expect(
          run.log.some(l => l.stepId === step && l.status === 'completed'),
        ).toBe(false);
      }
    });

    it('renders files that parse, a CI pipeline of its CI system and a Helm chart with its values', () => {
      expect(unparseableFiles(run.files)).toEqual([]);
      expect(
        ciPipelineProblems(
          run.files,
          goldenPathValues[name].ciSystem as 'github-actions' | 'gitlab-ci',
        ),
      ).toEqual([]);
      // Services are deployed with the chart; websites and ML projects are not.
      expect(run.files.has('chart/Chart.yaml')).toBe(
        goldenPath.template.spec.type === 'service',
      );
      expect(
        helmChartProblems(run.files, String(goldenPathValues[name].name)),
      ).toEqual([]);
      // Nothing was left unrendered.
      const unrendered = [...run.files].filter(([, text]) =>
        text.includes('${{ values.'),
      );
      expect(unrendered.map(([path]) => path)).toEqual([]);
    });

    it('records its lineage and keeps the comments of catalog-info.yaml', () => {
      const catalogInfo = run.files.get('catalog-info.yaml')!;
      const doc = parseDocument(catalogInfo);
      const version =
        goldenPath.template.metadata.annotations![
          'groundwork.dev/golden-path-version'
        ];
      expect(
        doc.getIn(['metadata', 'annotations', 'groundwork.dev/golden-path']),
      ).toMatch(new RegExp(`@${version.replace(/\./g, '\\.')}$`));
      expect(catalogInfo).toContain('# The catalog entity of');
      const lineage = parse(run.files.get('.groundwork/golden-path.yaml')!);
      expect(JSON.stringify(lineage)).toContain(
        String(goldenPathValues[name].name),
      );
      expect(JSON.stringify(lineage)).not.toContain('backstageToken');
    });
  });

  it('fails a golden path whose answers would break a ground rule, naming the template, the rule and the fix', async () => {
    const goldenPath = goldenPaths.find(
      p => p.template.metadata.name === 'node-service',
    )!;
    const run = await dryRun(
      backend.server,
      goldenPath.template,
      {
        ...goldenPathValues['node-service'],
        owner: DEMO_OWNER_WITHOUT_MEMBERS,
      },
      contents,
    );
    expect(() => expectCompliant(goldenPath, run)).toThrow(
      /Golden path node-service\.yaml \(node-service\)[\s\S]*owner-group-valid "Owner is a team with members"[\s\S]*Make `spec\.owner` point at a Group/,
    );
  });

  it('the ML project links its MLflow experiment and registered model', async () => {
    const goldenPath = goldenPaths.find(
      p => p.template.metadata.name === 'ml-project',
    )!;
    const run = await dryRun(
      backend.server,
      goldenPath.template,
      goldenPathValues['ml-project'],
      contents,
    );
    const annotations = parse(run.files.get('catalog-info.yaml')!).metadata
      .annotations;
    expect(annotations).toMatchObject({
      'mlflow.org/experiment-name': 'eta-forecast',
      'mlflow.org/registered-model': 'eta-forecast',
    });
    expect(parse(run.files.get('params.yaml')!).mlflow.experiment_name).toBe(
      'eta-forecast',
    );
    for (const file of [
      'MODEL_CARD.md',
      'dvc.yaml',
      'data/README.md',
      'MLproject',
    ]) {
      expect({ file, rendered: run.files.has(file) }).toEqual({
        file,
        rendered: true,
      });
    }
  });

  it("calls groundwork's CI steps where they are in this repository", async () => {
    const inRepository = (path: string) =>
      join(REPO_ROOT, path.replace(/^.*?\/groundwork\/(main\/)?/, ''));
    const action = parse(
      await fs.readFile(
        join(inRepository(GROUNDWORK_CI_STEPS.githubAction), 'action.yml'),
        'utf8',
      ),
    );
    expect(action.runs.using).toBe('composite');
    const gitlab = parse(
      await fs.readFile(
        inRepository(GROUNDWORK_CI_STEPS.gitlabTemplate),
        'utf8',
      ),
    );
    expect(Object.keys(gitlab)).toEqual(
      expect.arrayContaining(['groundwork-check', 'groundwork-facts']),
    );
  });

  describe.each([
    {
      mode: 'online',
      how: 'against this backend',
      passing: /\(catalog-info\.yaml, online check\)/,
      // The template's own contract check step stops the run.
      broken:
        /^Template node-service: the dry run failed\.[\s\S]*description-set/,
    },
    {
      mode: 'offline',
      how: 'with the scaffolder in-process',
      // Without the organisation's catalog, whether the owner is a team
      // with members is unknown, and said so.
      passing:
        /\(catalog-info\.yaml, offline check\)[\s\S]*UNKNOWN owner-group-valid .*catalog\.ownerGroupExists needs the catalog/,
      // That step cannot tell the catalog's facts offline, so the check of
      // the run's output fails it.
      broken: /FAIL \[ground\] description-set/,
    },
  ])('groundwork template test (packages/cli), $mode: $how', expected => {
    const { mode } = expected;
    let dir: string;
    let templateTest: (
      templatesDir: string,
      name: string,
      valuesFile?: string,
    ) => ReturnType<typeof runGroundwork>;
    beforeAll(async () => {
      dir = await fs.mkdtemp(join(os.tmpdir(), 'template-test-'));
      const target =
        mode === 'online'
          ? [
              '--backstage-url',
              `http://localhost:${
                (backend.server.address() as AddressInfo).port
              }`,
            ]
          : REFERENCE_CONTRACTS.flatMap(file => ['--contract', file]);
      templateTest = async (templatesDir, name, valuesFile) => {
        const values = valuesFile ?? join(dir, `${name}.values.json`);
        if (!valuesFile) {
          await fs.writeFile(values, JSON.stringify(goldenPathValues[name]));
        }
        return runGroundwork(
          [
            'template',
            'test',
            join(templatesDir, `${name}.yaml`),
            '--values',
            values,
            ...target,
          ],
          mode === 'online'
            ? { GROUNDWORK_TOKEN: mockCredentials.user.token() }
            : {},
        );
      };
    });
    afterAll(() => fs.rm(dir, { recursive: true, force: true }));

    // Offline, each run starts a whole backend in a child process: one
    // golden path shows it works; online covers them all. (All five offline
    // loaded CI's two cores until other suites' SQLite connections timed out.)
    it.each(
      mode === 'offline'
        ? ['node-service']
        : Object.keys(goldenPathValues).sort(),
    )(
      'passes %s: its dry run, then the contract check of its output',
      async name => {
        const { code, stdout, stderr } = await templateTest(
          TEMPLATES_DIR,
          name,
        );
        expect({ name, code, stderr }).toEqual({ name, code: 0, stderr: '' });
        expect(stdout).toMatch(
          new RegExp(`^Template ${name}: the dry run created \\d+ file\\(s\\)`),
        );
        expect(stdout).toMatch(expected.passing);
      },
    );

    it('refuses values that do not fit the form: exit 2, naming the field', async () => {
      const { code, stderr } = await templateTest(
        TEMPLATES_DIR,
        'node-service',
        join(REPO_ROOT, 'package.json'),
      );
      expect(code).toBe(2);
      expect(stderr).toContain(
        "the values do not fit the template's parameters",
      );
      expect(stderr).toContain('instance requires property "owner"');
    });

    it('fails a broken copy: exit 1, naming the rule', async () => {
      const broken = join(dir, 'templates');
      await fs.cp(TEMPLATES_DIR, broken, { recursive: true });
      const catalogInfo = join(
        broken,
        'skeletons/catalog-info/catalog-info.yaml',
      );
      const source = await fs.readFile(catalogInfo, 'utf8');
      await fs.writeFile(
        catalogInfo,
        source.replace(/^ {2}description: .*\n/m, ''),
      );
      const { code, stdout, stderr } = await templateTest(
        broken,
        'node-service',
      );
      expect(stderr).toBe('');
      expect(code).toBe(1);
      expect(stdout).toMatch(expected.broken);
    });
  });
});

describe('the golden-path upgrade template', () => {
  it('picks an entity created from a golden path, stays out of the golden paths and is registered with them', async () => {
    const templates = await loadTemplates();
    const upgrade = templates.find(
      t => t.file === 'golden-path-upgrade.yaml',
    )!.template;
    expect(upgrade.metadata.tags).toEqual(['golden-path-upgrade']);
    expect(upgrade.spec.parameters[0]).toMatchObject({
      required: ['entity'],
      properties: {
        entity: {
          'ui:field': 'EntityPicker',
          'ui:options': {
            catalogFilter: [
              {
                'metadata.annotations.groundwork.dev/golden-path': {
                  exists: true,
                },
              },
            ],
          },
        },
      },
    });
    expect(upgrade.spec.steps.map(s => s.action)).toEqual([
      'groundwork:golden-path:upgrade',
      'groundwork:golden-path:keep-base',
      'publish:gitlab:merge-request',
      'publish:github:pull-request',
    ]);
    for (const step of upgrade.spec.steps.slice(1)) {
      expect(step.if).toContain(
        'not steps.upgrade.output.upToDate and not steps.upgrade.output.alreadyProposed',
      );
    }

    const location = parse(
      await fs.readFile(
        join(REPO_ROOT, 'demo/catalog/golden-paths.yaml'),
        'utf8',
      ),
    );
    expect([...location.spec.targets].sort()).toEqual(
      templates.map(t => `../../templates/${t.file}`).sort(),
    );
  });
});

describe('golden paths against a contract with a new ground rule', () => {
  let dir: string;
  let backend: Awaited<ReturnType<typeof startDemoBackend>>;

  beforeAll(async () => {
    dir = await fs.mkdtemp(join(os.tmpdir(), 'golden-paths-contract-'));
    // A copy of the reference Kubernetes contract requiring SECURITY.md,
    // which no golden path renders today.
    const contract = parseDocument(
      await fs.readFile(REFERENCE_CONTRACTS[0], 'utf8'),
    );
    (contract.getIn(['spec', 'rules']) as any).add(
      contract.createNode({
        id: 'security-policy',
        title: 'Security policy',
        howToFix: 'Add SECURITY.md saying how to report a vulnerability.',
        category: 'security',
        severity: 'medium',
        level: 'ground',
        weight: 1,
        condition: { fact: 'repo.securityPolicy', equal: true },
      }),
    );
    const copy = join(dir, 'kubernetes-service-contract.yaml');
    await fs.writeFile(copy, contract.toString());
    backend = await startDemoBackend({
      contracts: [copy, REFERENCE_CONTRACTS[1]],
      extraFacts: [{ name: 'repo.securityPolicy', paths: ['SECURITY.md'] }],
    });
  });
  afterAll(async () => {
    await backend?.stop();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('shows which golden paths now fail, and why', async () => {
    const [goldenPaths, contents] = await Promise.all([
      loadGoldenPaths(),
      skeletonContents(),
    ]);
    const failing: Record<string, string> = {};
    for (const goldenPath of goldenPaths) {
      const { name } = goldenPath.template.metadata;
      const run = await dryRun(
        backend.server,
        goldenPath.template,
        goldenPathValues[name],
        contents,
      );
      const failure = contractCheckFailure(run);
      if (failure !== undefined) failing[name] = failure;
    }
    // Services and websites fall under the Kubernetes contract; ML projects do not.
    expect(Object.keys(failing).sort()).toEqual([
      'docs-site',
      'kubernetes-service',
      'node-service',
      'python-service',
    ]);
    for (const message of Object.values(failing)) {
      expect(message).toContain(
        'security-policy "Security policy" [ground]: Add SECURITY.md',
      );
    }
  });
});
