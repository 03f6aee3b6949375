import { mockServices } from '@backstage/backend-test-utils';
import { contractJsonSchema } from '@groundwork/plugin-platform-contract-common';
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
