import { compileContract } from '@groundwork/plugin-platform-contract-common';
import { parse } from 'yaml';
import { TEST_CONTRACT_YAML } from './__testUtils__/fixtures';
import { contractToEntity } from './catalogModule';

describe('contractToEntity', () => {
  it('represents a contract as a Resource owned by the contract owner', () => {
    const { contract } = compileContract(
      parse(TEST_CONTRACT_YAML),
      '/contracts/test.yaml',
    );
    expect(contractToEntity(contract!)).toMatchObject({
      kind: 'Resource',
      metadata: {
        name: 'test-services',
        title: 'Test services',
        annotations: {
          'groundwork.dev/platform-contract': 'test-services',
          'backstage.io/managed-by-location': 'file:/contracts/test.yaml',
        },
      },
      spec: { type: 'platform-contract', owner: 'group:default/platform-team' },
    });
  });
});
