import { promises as fs } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { parse as parseYaml } from 'yaml';
import { checkReportJsonSchema } from './checkReportSchema';
import { referenceRepositoryFileFacts } from './check/repositoryFileDefinitions';
import { main } from './main';

const CONTRACT = join(__dirname, '__fixtures__', 'contract.yaml');
const NOW = new Date('2026-03-02T09:00:00Z');

const entity = (
  spec: Record<string, unknown>,
  description = '  description: Takes payments.\n',
) => `# the service
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: payments
${description}spec:
  type: service
${Object.entries(spec)
  .map(([k, v]) => `  ${k}: ${v}`)
  .join('\n')}
`;

/** A repository in a temporary folder; files given as undefined are left out. */
async function repository(files: Record<string, string | undefined>) {
  const dir = await fs.mkdtemp(join(os.tmpdir(), 'groundwork-cli-'));
  for (const [path, content] of Object.entries(files)) {
    if (content === undefined) continue;
    await fs.mkdir(join(dir, path, '..'), { recursive: true });
    await fs.writeFile(join(dir, path), content);
  }
  return dir;
}

/** Runs the CLI in-process; returns its exit code and output. */
async function groundwork(args: string[], env: NodeJS.ProcessEnv = {}) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: text => {
      stdout += text;
    },
    stderr: text => {
      stderr += text;
    },
    env,
    cwd: process.cwd(),
    isTty: false,
    now: () => NOW,
  });
  return { code, stdout, stderr };
}

const passing = {
  'catalog-info.yaml': entity({
    owner: 'group:default/payments-team',
    lifecycle: 'production',
  }),
  'README.md': '# payments',
};

describe('groundwork check (offline)', () => {
  it('passes: exit 0, catalog facts unknown with the reason, never failures', async () => {
    const dir = await repository(passing);
    const { code, stdout } = await groundwork([
      'check',
      dir,
      '--contract',
      CONTRACT,
    ]);
    expect(code).toBe(0);
    // Unknown rules count as not met: no level until the catalog and CI
    // tell; the header says none fails rather than "not met".
    expect(stdout).toContain(
      'Service contract: score 60, level none, ground rules: none failing, 1 unknown',
    );
    expect(stdout).toContain(
      'UNKNOWN owner-team "Owner is a team with members": catalog.ownerGroupMemberCount needs the catalog',
    );
    expect(stdout).toContain('UNKNOWN tests-pass');
    expect(stdout).toContain(
      'Passed (fail on: ground). No ground rule fails; 1 unknown offline',
    );
    expect(stdout).not.toContain('\x1b[');
  });

  it('fails a ground rule: exit 1 with its fix', async () => {
    const dir = await repository({
      ...passing,
      'catalog-info.yaml': entity(
        { owner: 'group:default/payments-team', lifecycle: 'production' },
        '',
      ),
    });
    const { code, stdout } = await groundwork([
      'check',
      dir,
      '--contract',
      CONTRACT,
    ]);
    expect(code).toBe(1);
    expect(stdout).toContain(
      'FAIL [ground] description-set "Says what it does": Set `metadata.description` in `catalog-info.yaml`.',
    );
    expect(stdout).toContain('ground rules not met (1 failing, 1 unknown)');
    expect(stdout).toContain("Failed: 1 rule(s) fail at or below 'ground'.");
  });

  it('fails only a level: exit 0 on ground, 1 on that level', async () => {
    const dir = await repository({ ...passing, 'README.md': undefined });
    const ground = await groundwork(['check', dir, '--contract', CONTRACT]);
    expect(ground.code).toBe(0);
    expect(ground.stdout).toContain('FAIL [bronze] readme');
    const bronze = await groundwork([
      'check',
      dir,
      '--contract',
      CONTRACT,
      '--fail-on',
      'bronze',
    ]);
    expect(bronze.code).toBe(1);
    const unknownLevel = await groundwork([
      'check',
      dir,
      '--contract',
      CONTRACT,
      '--fail-on',
      'platinum',
    ]);
    expect(unknownLevel.code).toBe(2);
    expect(unknownLevel.stderr).toContain(
      "failOn 'platinum' is not a level of any platform contract",
    );
  });

  it('says what to do without a catalog-info.yaml: exit 2', async () => {
    const dir = await repository({ 'README.md': '# x' });
    const { code, stderr } = await groundwork([
      'check',
      dir,
      '--contract',
      CONTRACT,
    ]);
    expect(code).toBe(2);
    expect(stderr).toContain('catalog-info.yaml not found');
    expect(stderr).toContain('--catalog-file');
  });

  it('names the file and line of invalid YAML: exit 2', async () => {
    const dir = await repository({
      'catalog-info.yaml':
        'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: [payments\n',
    });
    const { code, stderr } = await groundwork([
      'check',
      dir,
      '--contract',
      CONTRACT,
    ]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/catalog-info\.yaml:\d+:\d+: not valid YAML/);
  });

  it('refuses an unknown or invalid contract file: exit 2', async () => {
    const dir = await repository(passing);
    const missing = await groundwork([
      'check',
      dir,
      '--contract',
      join(dir, 'nope.yaml'),
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nope.yaml not found');
    const invalid = join(dir, 'contract.yaml');
    await fs.writeFile(
      invalid,
      'apiVersion: groundwork.dev/v1alpha1\nkind: PlatformContract\n',
    );
    const broken = await groundwork(['check', dir, '--contract', invalid]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain('invalid platform contract file(s)');
  });

  it('reads repository-file definitions from --config', async () => {
    const dir = await repository({
      ...passing,
      'README.md': undefined,
      'docs/about.md': '# about',
      'config.yaml':
        'platformContract:\n  repositoryFiles:\n    facts:\n      - name: repo.readme\n        paths: [docs/about.md]\n',
    });
    const { code, stdout } = await groundwork([
      'check',
      dir,
      '--contract',
      CONTRACT,
      '--config',
      join(dir, 'config.yaml'),
      '--fail-on',
      'bronze',
    ]);
    expect(stdout).not.toContain('FAIL [bronze] readme');
    expect(code).toBe(0);
  });

  it('defaults to the repository-file definitions of app-config.yaml', async () => {
    const appConfig = parseYaml(
      await fs.readFile(join(__dirname, '../../../app-config.yaml'), 'utf8'),
    );
    expect(referenceRepositoryFileFacts).toEqual(
      appConfig.platformContract.repositoryFiles.facts,
    );
  });
});

describe('the demo in the README (examples/, the reference contracts)', () => {
  const demo = (example: string) =>
    groundwork([
      'check',
      join(__dirname, '../examples', example),
      '--contract',
      join(__dirname, '../../../demo/contracts'),
    ]);

  it('fails the ground rules with their fixes, then passes once fixed', async () => {
    const before = await demo('order-pricing');
    expect(before.code).toBe(1);
    expect(before.stdout).toContain(
      'FAIL [ground] description-set "Says what it does": Add a one-sentence `metadata.description`.',
    );
    expect(before.stdout).toContain(
      "Failed: 3 rule(s) fail at or below 'ground'.",
    );
    const after = await demo('order-pricing-fixed');
    expect(after.code).toBe(0);
    expect(after.stdout).not.toContain('FAIL [ground]');
  });
});

describe('groundwork check output formats, read by real consumers', () => {
  let failing: string;
  beforeAll(async () => {
    failing = await repository({
      'catalog-info.yaml': entity(
        { owner: 'group:default/payments-team', lifecycle: 'retired' },
        '',
      ),
    });
  });
  const run = (format: string) =>
    groundwork(['check', failing, '--contract', CONTRACT, '--format', format]);

  it('json: valid against the schema the package exports', async () => {
    const { code, stdout } = await run('json');
    expect(code).toBe(1);
    const ajv = new Ajv2020({ strict: false });
    addFormats(ajv);
    const validate = ajv.compile(checkReportJsonSchema);
    const report = JSON.parse(stdout);
    expect(validate.errors ?? validate(report)).toBe(true);
    expect(report.blocking.map((b: { ruleId: string }) => b.ruleId)).toEqual([
      'description-set',
    ]);
  });

  it('sarif: valid SARIF 2.1.0, findings on the catalog file lines', async () => {
    const { stdout } = await run('sarif');
    const schema = JSON.parse(
      await fs.readFile(
        join(__dirname, '__fixtures__', 'sarif-schema-2.1.0.json'),
        'utf8',
      ),
    );
    const ajv = new AjvDraft04({ strict: false });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    const sarif = JSON.parse(stdout);
    expect(validate(sarif) || validate.errors).toBe(true);
    const results = sarif.runs[0].results;
    const described = results.find(
      (r: any) => r.ruleId === 'services/description-set',
    );
    expect(described.level).toBe('error');
    // No metadata.description: on metadata.name (line 5).
    expect(described.locations[0].physicalLocation.region.startLine).toBe(5);
    const lifecycle = results.find(
      (r: any) => r.ruleId === 'services/lifecycle',
    );
    expect(lifecycle.level).toBe('warning');
    expect(lifecycle.locations[0].physicalLocation.region.startLine).toBe(9);
    expect(lifecycle.message.text).toContain(
      'Set `spec.lifecycle` for component:default/payments.',
    );
  });

  it('junit: well-formed JUnit XML, failures per failing rule', async () => {
    const { stdout } = await run('junit');
    expect(XMLValidator.validate(stdout)).toBe(true);
    const xml = new XMLParser({ ignoreAttributes: false }).parse(stdout);
    const suite = xml.testsuites.testsuite;
    expect(suite['@_name']).toBe('Service contract');
    expect(suite['@_failures']).toBe('3');
    const cases = suite.testcase as any[];
    const failures = cases.filter(c => c.failure);
    expect(failures.map(c => c['@_name'])).toEqual([
      'description-set: Says what it does',
      'readme: README in the repository',
      'lifecycle: Lifecycle declared',
    ]);
    expect(failures[0].failure['@_type']).toBe('blocking');
  });

  it('every format says ground rules are unknown, not failing, offline', async () => {
    const dir = await repository(passing);
    const out = (format: string) =>
      groundwork(['check', dir, '--contract', CONTRACT, '--format', format]);
    const json = JSON.parse((await out('json')).stdout);
    expect(json.passed).toBe(true);
    expect(json.groundRules).toEqual({ failing: 0, unknown: 1 });
    const sarif = JSON.parse((await out('sarif')).stdout);
    expect(sarif.runs[0].properties.groundRules).toEqual({
      failing: 0,
      unknown: 1,
    });
    const junit = new XMLParser({ ignoreAttributes: false }).parse(
      (await out('junit')).stdout,
    );
    expect(junit.testsuites.testsuite.properties.property).toContainEqual({
      '@_name': 'groundRules',
      '@_value': 'ground rules: none failing, 1 unknown',
    });
    const markdown = (await out('markdown')).stdout;
    expect(markdown).toContain('## Platform contract: ✅ passed');
    expect(markdown).toContain('ground rules: none failing, 1 unknown ❔');
    expect(markdown).not.toContain('not met');
  });

  it('markdown: a table of failing rules with fixes', async () => {
    const { stdout } = await run('markdown');
    expect(stdout).toContain('## Platform contract: ❌ failed');
    expect(stdout).toContain(
      '| ❌ fail | ground | Says what it does (`description-set`) | Set `metadata.description` in `catalog-info.yaml`. |',
    );
  });
});

describe('groundwork facts push --dry-run', () => {
  it('validates the API shape without posting', async () => {
    const dir = await repository({
      'facts.yaml':
        'facts:\n  - entityRef: component:default/payments\n    name: build.testsPassed\n    value: true\n',
      'bad.json':
        '{"facts":[{"entityRef":"component:default/payments","name":""}]}',
    });
    const ok = await groundwork([
      'facts',
      'push',
      join(dir, 'facts.yaml'),
      '--dry-run',
    ]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('1 fact(s) for 1 entity(ies) are valid');
    const bad = await groundwork([
      'facts',
      'push',
      join(dir, 'bad.json'),
      '--dry-run',
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('bad.json: facts.0.name');
  });
});

describe('groundwork template test', () => {
  it('says what it needs: exit 2', async () => {
    const template = join(__dirname, '../../../templates/node-service.yaml');
    const noValues = await groundwork(['template', 'test', template]);
    expect(noValues.code).toBe(2);
    expect(noValues.stderr).toContain('--values <file>');
    const noContracts = await groundwork([
      'template',
      'test',
      template,
      '--values',
      CONTRACT,
    ]);
    expect(noContracts.code).toBe(2);
    expect(noContracts.stderr).toContain(
      'nothing to test against: give --contract <file or dir>',
    );
    const notATemplate = await groundwork([
      'template',
      'test',
      CONTRACT,
      '--values',
      CONTRACT,
      '--backstage-url',
      'http://localhost:7007',
    ]);
    expect(notATemplate.code).toBe(2);
    expect(notATemplate.stderr).toContain(
      'contract.yaml is a PlatformContract, not a scaffolder Template',
    );
  });
});

describe('groundwork --help', () => {
  it.each([['check'], ['facts', 'push'], ['template', 'test'], ['completion']])(
    'has help with examples for %s',
    async (...command) => {
      const { code, stdout } = await groundwork([...command, '--help']);
      expect(code).toBe(0);
      expect(stdout).toContain('Usage: groundwork');
    },
  );

  it('prints bash and zsh completion', async () => {
    expect((await groundwork(['completion', 'bash'])).stdout).toContain(
      'complete -F _groundwork groundwork',
    );
    expect((await groundwork(['completion', 'zsh'])).stdout).toContain(
      '#compdef groundwork',
    );
  });
});
