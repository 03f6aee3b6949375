import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Resource type of waivers; conditional decisions on the approve permission
 * are evaluated against a waiver (e.g. "the user is a member of the contract
 * owner group").
 *
 * @public
 */
export const PLATFORM_CONTRACT_WAIVER_RESOURCE_TYPE =
  'platform-contract-waiver';

/** Request a waiver for a rule. @public */
export const platformContractWaiverRequestPermission = createPermission({
  name: 'platform-contract.waiver.request',
  attributes: { action: 'create' },
});

/** Approve or reject a waiver request. @public */
export const platformContractWaiverApprovePermission = createPermission({
  name: 'platform-contract.waiver.approve',
  attributes: { action: 'update' },
  resourceType: PLATFORM_CONTRACT_WAIVER_RESOURCE_TYPE,
});

/**
 * Re-evaluate one entity now (the Scorecard's button). Checked against the
 * catalog entity, e.g. "the user is among its owners"; evaluations cost the
 * fact providers' API calls. @public
 */
export const platformContractEntityEvaluatePermission = createPermission({
  name: 'platform-contract.entity.evaluate',
  attributes: { action: 'update' },
  resourceType: 'catalog-entity',
});

/** Administer the plugin: full re-evaluation, withdrawing anyone's waiver. @public */
export const platformContractAdminPermission = createPermission({
  name: 'platform-contract.admin',
  attributes: {},
});

/** Create and delete campaigns through the API (not those declared in contract YAML). @public */
export const platformContractCampaignManagePermission = createPermission({
  name: 'platform-contract.campaign.manage',
  attributes: {},
});

/** @public */
export const platformContractPermissions = [
  platformContractWaiverRequestPermission,
  platformContractWaiverApprovePermission,
  platformContractEntityEvaluatePermission,
  platformContractAdminPermission,
  platformContractCampaignManagePermission,
];
