import { mockServices } from '@backstage/backend-test-utils';
import { referenceContractFile } from '@groundwork/plugin-platform-contract-reference-contracts';
import { promises as fs } from 'fs';
import os from 'os';
import { join } from 'path';
import {
  BAD_CONTRACT_YAML,
  TEST_CONTRACT_YAML,
} from '../__testUtils__/fixtures';
import { ContractRegistry } from './ContractRegistry';

describe('ContractRegistry', () => {
  it('loads reference contracts by name beside files, and reports unknown names and shapes', async () => {
    const dir = await fs.mkdtemp(join(os.tmpdir(), 'pc-registry-'));
    try {
      await fs.writeFile(join(dir, 'own.yaml'), TEST_CONTRACT_YAML);
      const registry = await ContractRegistry.fromConfig(
        mockServices.rootConfig({
          data: {
            platformContract: {
              contracts: [
                { reference: 'kubernetes-service' },
                join(dir, 'own.yaml'),
                { reference: 'ml-project' },
                { reference: 'kubernetes' },
                { file: 'contract.yaml' },
              ],
            },
          },
        }),
      );
      expect(registry.contracts.map(c => c.name)).toEqual([
        'kubernetes-service',
        'test-services',
        'ml-project',
      ]);
      expect(registry.get('kubernetes-service')!.file).toBe(
        referenceContractFile('kubernetes-service'),
      );
      expect(registry.entries.slice(3)).toEqual([
        {
          file: 'platformContract.contracts[3]',
          errors: [
            {
              file: 'platformContract.contracts[3]',
              field: '(config)',
              message:
                "there is no reference contract named 'kubernetes'; the reference contracts are kubernetes-service, ml-project. For a contract of your own, give its file path instead",
            },
          ],
        },
        {
          file: 'platformContract.contracts[4]',
          errors: [
            {
              file: 'platformContract.contracts[4]',
              field: '(config)',
              message:
                'expected a file path or { reference: <name> }, got {"file":"contract.yaml"}',
            },
          ],
        },
      ]);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
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
