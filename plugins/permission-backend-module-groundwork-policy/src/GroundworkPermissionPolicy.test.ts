import { ConfigReader } from '@backstage/config';
import {
  AuthorizeResult,
  createPermission,
} from '@backstage/plugin-permission-common';
import { PolicyQueryUser } from '@backstage/plugin-permission-node';
import {
  costIngestAdminPermission,
  costReadPermission,
} from '@groundwork/plugin-cost-common';
import {
  platformContractAdminPermission,
  platformContractCampaignManagePermission,
  platformContractWaiverApprovePermission,
} from '@groundwork/plugin-platform-contract-common';
import { GroundworkPermissionPolicy } from './GroundworkPermissionPolicy';

const policy = GroundworkPermissionPolicy.fromConfig(new ConfigReader({}));

function userIn(...refs: string[]): PolicyQueryUser {
  return {
    info: { userEntityRef: refs[0], ownershipEntityRefs: refs },
  } as PolicyQueryUser;
}

const leader = userIn('user:default/ada', 'group:default/Leadership');
const platformEngineer = userIn('user:default/priya', 'group:default/platform-team');
const productEngineer = userIn('user:default/lena', 'group:default/PeoriaData');

describe('GroundworkPermissionPolicy', () => {
  it('lets leadership do everything, whatever the case of the group ref', async () => {
    for (const permission of [costReadPermission, platformContractAdminPermission, costIngestAdminPermission]) {
      await expect(policy.handle({ permission }, leader)).resolves.toEqual({ result: AuthorizeResult.ALLOW });
    }
  });

  it('limits cost reads to the groups the user is in and what they own', async () => {
    const decision = await policy.handle({ permission: costReadPermission }, productEngineer);
    expect(decision).toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'catalog',
      resourceType: 'catalog-entity',
      conditions: {
        resourceType: 'catalog-entity',
        rule: 'IS_COST_OWNER',
        params: { claims: ['user:default/lena', 'group:default/peoriadata'] },
      },
    });
  });

  it('lets only members of the contract owner group approve waivers', async () => {
    const decision = await policy.handle({ permission: platformContractWaiverApprovePermission }, productEngineer);
    expect(decision).toMatchObject({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'platform-contract',
      conditions: { rule: 'IS_CONTRACT_OWNER', params: { claims: ['user:default/lena', 'group:default/peoriadata'] } },
    });
  });

  it('keeps administration to the admin groups', async () => {
    await expect(policy.handle({ permission: platformContractAdminPermission }, platformEngineer)).resolves.toEqual({ result: AuthorizeResult.ALLOW });
    await expect(policy.handle({ permission: platformContractAdminPermission }, productEngineer)).resolves.toEqual({ result: AuthorizeResult.DENY });
    await expect(policy.handle({ permission: costIngestAdminPermission }, productEngineer)).resolves.toEqual({ result: AuthorizeResult.DENY });
  });

  it('lets only leadership and the admin groups create and delete campaigns', async () => {
    const manage = { permission: platformContractCampaignManagePermission };
    await expect(policy.handle(manage, leader)).resolves.toEqual({ result: AuthorizeResult.ALLOW });
    await expect(policy.handle(manage, platformEngineer)).resolves.toEqual({ result: AuthorizeResult.ALLOW });
    await expect(policy.handle(manage, productEngineer)).resolves.toEqual({ result: AuthorizeResult.DENY });
  });

  it('lets backend services read costs on their own behalf', async () => {
    await expect(policy.handle({ permission: costReadPermission })).resolves.toEqual({ result: AuthorizeResult.ALLOW });
  });

  it('allows what it does not govern', async () => {
    const other = createPermission({ name: 'catalog.entity.read', attributes: { action: 'read' } });
    await expect(policy.handle({ permission: other }, productEngineer)).resolves.toEqual({ result: AuthorizeResult.ALLOW });
  });

  it('reads its groups from config', async () => {
    const custom = GroundworkPermissionPolicy.fromConfig(
      new ConfigReader({ permission: { groundworkPolicy: { leadershipGroups: ['group:default/peoriadata'] } } }),
    );
    await expect(custom.handle({ permission: costReadPermission }, productEngineer)).resolves.toEqual({ result: AuthorizeResult.ALLOW });
  });
});
