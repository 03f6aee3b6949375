import {
  createConditionExports,
  createPermissionResourceRef,
  createPermissionRule,
} from '@backstage/plugin-permission-node';
import {
  PLATFORM_CONTRACT_WAIVER_RESOURCE_TYPE,
  platformContractPluginId,
} from '@groundwork/plugin-platform-contract-common';
import { z } from 'zod/v4';
import { StoredWaiver } from './database/PlatformContractStore';

/** Query form of waiver conditions (not used for filtering lists yet). @public */
export type PlatformContractWaiverQuery = { contractOwnerIn: string[] };

/** @public */
export const platformContractWaiverResourceRef = createPermissionResourceRef<
  StoredWaiver,
  PlatformContractWaiverQuery
>().with({
  pluginId: platformContractPluginId,
  resourceType: PLATFORM_CONTRACT_WAIVER_RESOURCE_TYPE,
});

const claimsSchema = z.object({
  claims: z
    .array(z.string())
    .describe(
      "The user's ownership entity refs, e.g. user.identity.ownershipEntityRefs",
    ),
});
type ClaimsParams = z.infer<typeof claimsSchema>;
const claimsJsonSchema = () =>
  z.toJSONSchema(claimsSchema) as Record<string, unknown>;

const isContractOwner = createPermissionRule<
  typeof platformContractWaiverResourceRef,
  ClaimsParams
>({
  name: 'IS_CONTRACT_OWNER',
  description:
    "Allow when the user is a member of the group that owns the waiver's contract",
  resourceRef: platformContractWaiverResourceRef,
  // The zod v4 bundled with zod 3.25 predates Standard JSON Schema, so the
  // converter is added here.
  paramsSchema: {
    '~standard': {
      ...claimsSchema['~standard'],
      jsonSchema: { input: claimsJsonSchema, output: claimsJsonSchema },
    },
  },
  apply: (waiver, { claims }) => claims.includes(waiver.contractOwner),
  toQuery: ({ claims }) => ({ contractOwnerIn: claims }),
});

/** @public */
export const platformContractWaiverRules = { isContractOwner };

/**
 * For permission policies: e.g.
 * `createPlatformContractWaiverConditionalDecision(request.permission, platformContractWaiverConditions.isContractOwner({ claims: user.identity.ownershipEntityRefs }))`.
 *
 * @public
 */
export const {
  conditions: platformContractWaiverConditions,
  createConditionalDecision: createPlatformContractWaiverConditionalDecision,
} = createConditionExports({
  resourceRef: platformContractWaiverResourceRef,
  rules: platformContractWaiverRules,
});
