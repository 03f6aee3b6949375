import { Config } from '@backstage/config';
import {
  AuthorizeResult,
  PolicyDecision,
  isPermission,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import {
  costBudgetWritePermission,
  costIngestAdminPermission,
  costReadPermission,
} from '@groundwork/plugin-cost-common';
import {
  PLATFORM_CONTRACT_WAIVER_RESOURCE_TYPE,
  platformContractAdminPermission,
  platformContractCampaignManagePermission,
  platformContractEntityEvaluatePermission,
  platformContractPluginId,
  platformContractWaiverApprovePermission,
} from '@groundwork/plugin-platform-contract-common';

const lower = (ref: string) => ref.toLocaleLowerCase('en-US');

/**
 * Groundwork's reference policy:
 * - members of a leadership group may do everything;
 * - cost data is sensitive: others read and budget only the costs of their own
 *   groups and of what those groups own (the cost plugin's `IS_COST_OWNER` rule);
 * - a waiver is approved by the group that owns its contract (`IS_CONTRACT_OWNER`);
 * - an entity is re-evaluated on demand by its owners (the catalog's
 *   `IS_ENTITY_OWNER`) and the admin groups;
 * - administering Groundwork, and creating or deleting contract campaigns, is
 *   for the admin groups;
 * - backend services acting on their own behalf (no user, e.g. the contract
 *   collecting cost facts) are allowed: service-to-service auth already
 *   decides which plugins may call which;
 * - everything else is allowed, as in Backstage's allow-all policy.
 *
 * @public
 */
export class GroundworkPermissionPolicy implements PermissionPolicy {
  static fromConfig(config: Config) {
    const policy = config.getOptionalConfig('permission.groundworkPolicy');
    return new GroundworkPermissionPolicy({
      leadershipGroups: policy?.getOptionalStringArray('leadershipGroups') ?? [
        'group:default/leadership',
      ],
      adminGroups: policy?.getOptionalStringArray('adminGroups') ?? [
        'group:default/platform-team',
      ],
    });
  }

  private readonly leadershipGroups: Set<string>;
  private readonly adminGroups: Set<string>;

  constructor(options: { leadershipGroups: string[]; adminGroups: string[] }) {
    this.leadershipGroups = new Set(options.leadershipGroups.map(lower));
    this.adminGroups = new Set(options.adminGroups.map(lower));
  }

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    if (!user) {
      return { result: AuthorizeResult.ALLOW };
    }
    const claims = user.info.ownershipEntityRefs.map(lower);
    const isMemberOf = (groups: Set<string>) => claims.some(c => groups.has(c));
    if (isMemberOf(this.leadershipGroups)) {
      return { result: AuthorizeResult.ALLOW };
    }
    const { permission } = request;
    if (
      isPermission(permission, costReadPermission) ||
      isPermission(permission, costBudgetWritePermission)
    ) {
      return {
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'catalog',
        resourceType: 'catalog-entity',
        conditions: {
          resourceType: 'catalog-entity',
          rule: 'IS_COST_OWNER',
          params: { claims },
        },
      };
    }
    if (
      isPermission(permission, platformContractEntityEvaluatePermission) &&
      !isMemberOf(this.adminGroups)
    ) {
      return {
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'catalog',
        resourceType: 'catalog-entity',
        conditions: {
          resourceType: 'catalog-entity',
          rule: 'IS_ENTITY_OWNER',
          params: { claims },
        },
      };
    }
    if (isPermission(permission, platformContractWaiverApprovePermission)) {
      return {
        result: AuthorizeResult.CONDITIONAL,
        pluginId: platformContractPluginId,
        resourceType: PLATFORM_CONTRACT_WAIVER_RESOURCE_TYPE,
        conditions: {
          resourceType: PLATFORM_CONTRACT_WAIVER_RESOURCE_TYPE,
          rule: 'IS_CONTRACT_OWNER',
          params: { claims },
        },
      };
    }
    if (
      isPermission(permission, platformContractAdminPermission) ||
      isPermission(permission, platformContractCampaignManagePermission) ||
      isPermission(permission, costIngestAdminPermission)
    ) {
      return {
        result: isMemberOf(this.adminGroups)
          ? AuthorizeResult.ALLOW
          : AuthorizeResult.DENY,
      };
    }
    return { result: AuthorizeResult.ALLOW };
  }
}
