import { mockServices } from '@backstage/backend-test-utils';
import {
  contractJsonSchema,
  FactLookup,
  FactValue,
} from '@groundwork/plugin-platform-contract-common';
import { promises as fs } from 'fs';
import os from 'os';
import { join, resolve } from 'path';
import {
  BAD_CONTRACT_YAML,
  TEST_CONTRACT_YAML,
} from '../__testUtils__/fixtures';
import { ContractRegistry, loadContractFile } from './ContractRegistry';

const demo = resolve(__dirname, '../../../../demo/contracts');

describe('ContractRegistry', () => {
  it('loads the reference contracts without errors', async () => {
    const k8s = await loadContractFile(
      join(demo, 'kubernetes-service-contract.yaml'),
    );
    const ml = await loadContractFile(join(demo, 'ml-project-contract.yaml'));
    expect(k8s.errors).toEqual([]);
    expect(ml.errors).toEqual([]);
    expect(k8s.contract!.rules.length).toBeGreaterThanOrEqual(15);
    expect(
      k8s.contract!.appliesTo({ kind: 'Component', spec: { type: 'website' } }),
    ).toBe(true);
    expect(
      ml.contract!.appliesTo({
        kind: 'Component',
        spec: { type: 'ml-project' },
      }),
    ).toBe(true);
    expect(k8s.contract!.document.spec.owner).toBe(
      'group:default/platform-team',
    );
  });

  it("checks the reference contracts' golden-path and repository rules as documented", async () => {
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
    const fromGoldenPath = {
      kind: 'Component',
      metadata: {
        annotations: {
          'groundwork.dev/golden-path': 'template:default/node-service@1.0.0',
        },
      },
    };
    for (const file of [
      'kubernetes-service-contract.yaml',
      'ml-project-contract.yaml',
    ]) {
      const { contract } = await loadContractFile(join(demo, file));
      const rule = contract!.rules.find(
        r => r.rule.id === 'golden-path-current',
      )!;
      expect([file, rule.rule.level]).toEqual([file, 'silver']);
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

    const k8s = (
      await loadContractFile(join(demo, 'kubernetes-service-contract.yaml'))
    ).contract!;
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

  it('keeps the published JSON Schema next to the contracts in sync', async () => {
    const published = JSON.parse(
      await fs.readFile(join(demo, 'platform-contract.schema.json'), 'utf8'),
    );
    expect(published).toEqual(JSON.parse(JSON.stringify(contractJsonSchema)));
  });

  it('reports broken, unreadable and duplicate files without dropping the good ones', async () => {
    const dir = await fs.mkdtemp(join(os.tmpdir(), 'pc-registry-'));
    try {
      await fs.writeFile(join(dir, 'good.yaml'), TEST_CONTRACT_YAML);
      await fs.writeFile(join(dir, 'copy.yaml'), TEST_CONTRACT_YAML);
      await fs.writeFile(join(dir, 'bad.yaml'), BAD_CONTRACT_YAML);
      await fs.writeFile(join(dir, 'syntax.yaml'), 'spec: [unclosed');
      const files = [
        'good.yaml',
        'bad.yaml',
        'syntax.yaml',
        'missing.yaml',
        'copy.yaml',
      ].map(f => join(dir, f));
      const registry = await ContractRegistry.fromConfig(
        mockServices.rootConfig({
          data: { platformContract: { contracts: files } },
        }),
      );
      expect(registry.contracts.map(c => c.name)).toEqual(['test-services']);
      expect(
        registry.entries.map(e => [e.name, e.errors.map(x => x.field)]),
      ).toEqual([
        ['test-services', []],
        ['broken', ['spec.rules[0].condition.matches']],
        [undefined, ['(file)']],
        [undefined, ['(file)']],
        ['test-services', ['metadata.name']],
      ]);
      expect(registry.get('test-services')!.contract).toBeDefined();
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
