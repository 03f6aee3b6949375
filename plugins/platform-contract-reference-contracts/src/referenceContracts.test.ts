import {
  contractJsonSchema,
  FactLookup,
  FactValue,
  parseContractFile,
} from '@groundwork/plugin-platform-contract-common';
import { promises as fs } from 'fs';
import {
  referenceContractFile,
  referenceContractNames,
  referenceContractSchemaFile,
} from './referenceContracts';

const facts =
  (values: Record<string, FactValue>): FactLookup =>
  name =>
    name in values
      ? {
          name,
          value: values[name],
          observedAt: '2026-11-24T07:00:00.000Z',
          source: 'test',
        }
      : undefined;

async function load(name: string) {
  const file = referenceContractFile(name)!;
  return parseContractFile(await fs.readFile(file, 'utf8'), file);
}

describe('reference contracts', () => {
  it('are named by their files, and each name is its metadata.name', async () => {
    expect(referenceContractNames()).toEqual([
      'kubernetes-service',
      'ml-project',
    ]);
    for (const name of referenceContractNames()) {
      const entry = await load(name);
      expect([name, entry.errors]).toEqual([name, []]);
      expect(entry.name).toBe(name);
    }
    expect(referenceContractFile('no-such-contract')).toBeUndefined();
    expect(referenceContractFile('../package')).toBeUndefined();
  });

  it('apply to what their names say', async () => {
    const k8s = (await load('kubernetes-service')).contract!;
    const ml = (await load('ml-project')).contract!;
    expect(k8s.rules.length).toBeGreaterThanOrEqual(15);
    expect(
      k8s.appliesTo({ kind: 'Component', spec: { type: 'website' } }),
    ).toBe(true);
    expect(
      ml.appliesTo({ kind: 'Component', spec: { type: 'ml-project' } }),
    ).toBe(true);
    expect(k8s.document.spec.owner).toBe('group:default/platform-team');
  });

  it('checks the golden-path and repository rules as documented', async () => {
    const fromGoldenPath = {
      kind: 'Component',
      metadata: {
        annotations: {
          'groundwork.dev/golden-path': 'template:default/node-service@1.0.0',
        },
      },
    };
    for (const name of referenceContractNames()) {
      const { contract } = await load(name);
      const rule = contract!.rules.find(
        r => r.rule.id === 'golden-path-current',
      )!;
      expect([name, rule.rule.level]).toEqual([name, 'silver']);
      expect(rule.appliesTo!(fromGoldenPath)).toBe(true);
      expect(rule.appliesTo!({ kind: 'Component', metadata: {} })).toBe(false);
      const behind = (major: number | null) =>
        rule.evaluate(
          facts({
            'goldenPath.behind':
              major === null ? null : { major, minor: 2, patch: 0 },
          }),
        ).status;
      expect([behind(0), behind(1), behind(null)]).toEqual([
        'pass',
        'fail',
        'fail',
      ]);
      expect(rule.evaluate(facts({})).status).toBe('unknown');
      expect(rule.rule.howToFix).toContain(
        '/create/templates/default/golden-path-upgrade?formData=%7B%22entity%22%3A%22{{ entityRef }}%22%7D',
      );
    }

    const k8s = (await load('kubernetes-service')).contract!;
    expect(
      k8s.document.spec.campaigns.find(c => c.ruleId === 'golden-path-current'),
    ).toBeDefined();
    const slug = k8s.rules.find(r => r.rule.id === 'project-slug')!;
    const slugStatus = (annotations: Record<string, string>) =>
      slug.evaluate(facts({ 'catalog.annotations': annotations })).status;
    expect(slugStatus({ 'github.com/project-slug': 'acme/svc' })).toBe('pass');
    expect(slugStatus({ 'gitlab.com/project-slug': 'acme/svc' })).toBe('pass');
    expect(
      slugStatus({ 'gitlab.com/project-slug': 'acme/payments/team/svc' }),
    ).toBe('pass');
    expect(slugStatus({ 'github.com/project-slug': 'acme/payments/svc' })).toBe(
      'fail',
    );
    expect(slugStatus({ 'gitlab.com/project-slug': 'svc' })).toBe('fail');
    expect(slugStatus({})).toBe('fail');
  });

  it('the ML contract scores MLflow facts from the MLOps facts module', async () => {
    const ml = (await load('ml-project')).contract!;
    const status = (id: string, values: Record<string, FactValue>) =>
      ml.rules.find(r => r.rule.id === id)!.evaluate(facts(values)).status;
    expect([
      status('production-model-traceable', {
        'mlflow.productionModelTraceable': true,
      }),
      status('production-model-traceable', {
        'mlflow.productionModelTraceable': false,
      }),
      status('production-model-traceable', {}),
    ]).toEqual(['pass', 'fail', 'unknown']);
    expect([
      status('recently-trained', { 'mlflow.lastTrainingRunAgeDays': 12 }),
      status('recently-trained', { 'mlflow.lastTrainingRunAgeDays': 200 }),
    ]).toEqual(['pass', 'fail']);
  });

  it('ship the JSON Schema they name, in sync with the contract model', async () => {
    const published = JSON.parse(
      await fs.readFile(referenceContractSchemaFile, 'utf8'),
    );
    expect(published).toEqual(JSON.parse(JSON.stringify(contractJsonSchema)));
  });
});
