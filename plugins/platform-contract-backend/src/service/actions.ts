import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { NotFoundError } from '@backstage/errors';
import { ContractRegistry } from '../contracts/ContractRegistry';
import { PlatformContractStore } from '../database/PlatformContractStore';
import { CampaignService, campaignPath } from './CampaignService';
import { normalizeEntityRef, parseInput } from './helpers';
import { CheckService } from './CheckService';
import {
  CHECK_MAX_FILES,
  checkEntityRequestSchema,
} from '@groundwork/plugin-platform-contract-common';
import { EvaluationService } from './EvaluationService';
import { CallerAccess } from './callerAccess';

const normalize = (ref: string, defaultKind: string) =>
  normalizeEntityRef(ref, `Invalid entity reference '${ref}'`, defaultKind);

/**
 * MCP / actions registry tools over the stored scorecards, and the check of a
 * proposed entity (all read-only). Each answers as the caller may see: only
 * entities the catalog shows them, sensitive values hidden.
 */
export function registerActions(options: {
  actionsRegistry: ActionsRegistryService;
  access: CallerAccess;
  store: PlatformContractStore;
  registry: ContractRegistry;
  campaigns: CampaignService;
  evaluation: EvaluationService;
  check: CheckService;
}) {
  const {
    actionsRegistry,
    access,
    store,
    registry,
    campaigns,
    evaluation,
    check,
  } = options;
  const results = async (
    entityRef: string,
    credentials: BackstageCredentials,
  ) => {
    await access.requireEntity(entityRef, credentials);
    return access.hideSensitiveValues(
      await evaluation.present(
        entityRef,
        await store.readEntityResults(entityRef),
      ),
      credentials,
    );
  };

  actionsRegistry.register({
    name: 'get-entity-scorecard',
    title: "Get an entity's platform contract scorecard",
    description:
      'Score (0-100), level reached, whether ground rules are met, and the rules that fail or are unknown, for each platform contract that applies to a catalog entity.',
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: z =>
        z.object({
          entityRef: z
            .string()
            .describe(
              'Entity reference, e.g. component:default/brightpathmatrix',
            ),
        }),
      output: z =>
        z.object({
          entityRef: z.string(),
          contracts: z.array(
            z.object({
              contract: z.string(),
              score: z.number(),
              level: z.string().nullable(),
              groundRulesMet: z.boolean(),
              evaluatedAt: z.string(),
              notSatisfied: z.array(
                z.object({
                  ruleId: z.string(),
                  title: z.string(),
                  level: z.string(),
                  status: z.string(),
                }),
              ),
            }),
          ),
        }),
    },
    action: async ({ input, credentials }) => {
      const { entityRef, items } = await results(
        normalize(input.entityRef, 'component'),
        credentials,
      );
      return {
        output: {
          entityRef,
          contracts: items.map(item => ({
            contract: item.contract,
            score: item.score,
            level: item.level,
            groundRulesMet: item.groundRulesMet,
            evaluatedAt: item.evaluatedAt,
            notSatisfied: item.rules
              .filter(r => r.status === 'fail' || r.status === 'unknown')
              .map(({ ruleId, title, level, status }) => ({
                ruleId,
                title,
                level,
                status,
              })),
          })),
        },
      };
    },
  });

  actionsRegistry.register({
    name: 'explain-rule-result',
    title: 'Why does this rule fail and how do I fix it',
    description:
      "Explains one platform contract rule for an entity: its status, the facts that decided it, the rule's description and how to fix it (markdown).",
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: z =>
        z.object({
          entityRef: z.string().describe('Entity reference'),
          ruleId: z.string().describe('Rule id, e.g. on-call'),
          contract: z
            .string()
            .optional()
            .describe('Contract name, when several contracts have the rule'),
        }),
      output: z =>
        z.object({
          contract: z.string(),
          ruleId: z.string(),
          title: z.string(),
          status: z.string(),
          description: z.string().optional(),
          howToFix: z.string().optional(),
          facts: z.array(
            z.object({
              fact: z.string(),
              path: z.string().optional(),
              value: z.unknown().optional(),
              problem: z.string().optional(),
              hidden: z
                .boolean()
                .optional()
                .describe(
                  'The value is sensitive (e.g. cost) and the caller may not read it for this entity',
                ),
              source: z.string().optional(),
              observedAt: z.string().optional(),
            }),
          ),
          waiverId: z.string().optional(),
        }),
    },
    action: async ({ input, credentials }) => {
      const { items } = await results(
        normalize(input.entityRef, 'component'),
        credentials,
      );
      const item = items.find(
        i =>
          (!input.contract || i.contract === input.contract) &&
          i.rules.some(r => r.ruleId === input.ruleId),
      );
      const rule = item?.rules.find(r => r.ruleId === input.ruleId);
      if (!item || !rule) {
        throw new NotFoundError(
          `No result for rule '${input.ruleId}' on ${input.entityRef}; has the entity been evaluated?`,
        );
      }
      const description = registry
        .get(item.contract)
        ?.contract?.rules.find(r => r.rule.id === rule.ruleId)
        ?.rule.description;
      return {
        output: {
          contract: item.contract,
          ruleId: rule.ruleId,
          title: rule.title,
          status: rule.status,
          ...(description ? { description } : {}),
          ...(rule.howToFix ? { howToFix: rule.howToFix } : {}),
          facts: rule.facts,
          ...(rule.waiverId ? { waiverId: rule.waiverId } : {}),
        },
      };
    },
  });

  actionsRegistry.register({
    name: 'team-compliance-summary',
    title: 'Team platform contract compliance summary',
    description:
      'For a team (group, including its child groups): average score, how many entities meet the ground rules, the levels reached, and the rules failing most often.',
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: z =>
        z.object({
          groupRef: z
            .string()
            .describe('Group reference, e.g. group:default/platform-team'),
        }),
      output: z =>
        z.object({
          groupRef: z.string(),
          score: z.number(),
          entityCount: z.number(),
          groundRulesMetCount: z.number(),
          levels: z.record(z.number()),
          worstRules: z.array(
            z.object({
              contract: z.string(),
              ruleId: z.string(),
              title: z.string(),
              fail: z.number(),
              unknown: z.number(),
              entityCount: z.number(),
            }),
          ),
        }),
    },
    action: async ({ input, credentials }) => {
      const groupRef = normalize(input.groupRef, 'group');
      await access.requireEntity(groupRef, credentials);
      const stored = await store.getRollup('group', groupRef);
      if (!stored)
        throw new NotFoundError(
          `No scored entities are owned by ${groupRef} or its child groups`,
        );
      const { score, entityCount, groundRulesMetCount, levels } = stored.rollup;
      return {
        output: {
          groupRef,
          score,
          entityCount,
          groundRulesMetCount,
          levels,
          worstRules: stored.rules
            .filter(r => r.fail + r.unknown > 0)
            .slice(0, 10)
            .map(
              ({ contract, ruleId, title, fail, unknown, entityCount: n }) => ({
                contract,
                ruleId,
                title,
                fail,
                unknown,
                entityCount: n,
              }),
            ),
        },
      };
    },
  });

  actionsRegistry.register({
    name: 'list-campaigns',
    title: 'List platform contract campaigns and their progress',
    description:
      'Campaigns ask entities to pass a contract rule or reach a level by a deadline. For each: its target, deadline, how many entities are done, pending, late or unknown, and which owner teams are late.',
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: z => z.object({}),
      output: z =>
        z.object({
          campaigns: z.array(
            z.object({
              id: z.string(),
              title: z.string(),
              contract: z.string(),
              ruleId: z.string().optional(),
              level: z.string().optional(),
              deadline: z.string(),
              owner: z.string(),
              source: z.string(),
              total: z.number(),
              done: z.number(),
              pending: z.number(),
              late: z.number(),
              unknown: z.number(),
              percentDone: z.number(),
              lateTeamCount: z.number(),
              link: z.string().describe('Path of the campaign page'),
            }),
          ),
        }),
    },
    action: async ({ credentials }) => {
      const all = (await campaigns.list()).items;
      // Campaigns of owner groups the caller cannot see are left out.
      const readable = await access.readableEntities(
        [...new Set(all.map(c => c.owner))],
        credentials,
      );
      const items = all.filter(c => readable.has(c.owner));
      return {
        output: {
          campaigns: items.map(c => ({
            id: c.id,
            title: c.title,
            contract: c.contract,
            ...(c.ruleId ? { ruleId: c.ruleId } : {}),
            ...(c.level ? { level: c.level } : {}),
            deadline: c.deadline,
            owner: c.owner,
            source: c.source,
            total: c.progress.total,
            done: c.progress.done,
            pending: c.progress.pending,
            late: c.progress.late,
            unknown: c.progress.unknown,
            percentDone: c.progress.percentDone,
            lateTeamCount: c.lateTeamCount,
            link: campaignPath(c.id),
          })),
        },
      };
    },
  });

  actionsRegistry.register({
    name: 'check-entity',
    title: 'Check a proposed entity against the platform contracts',
    description:
      "Checks an entity that is not (yet) in the catalog, e.g. a new repository's catalog-info.yaml and its files, against every platform contract that applies, without storing anything. Returns the same results as an entity's scorecard, and the facts that cannot be known before the entity is in the catalog (cost, MLOps, CI), whose rules are unknown.",
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: z =>
        z.object({
          entity: z
            .record(z.unknown())
            .describe('The catalog-info.yaml entity, as a JSON object'),
          files: z
            .array(
              z.object({
                path: z
                  .string()
                  .describe('Path from the repository root, e.g. README.md'),
                content: z.string().describe('The file content as text'),
              }),
            )
            .max(CHECK_MAX_FILES)
            .optional()
            .describe("The repository's text files"),
        }),
      output: z =>
        z.object({
          entityRef: z.string(),
          items: z
            .array(
              z
                .object({
                  contract: z.string(),
                  score: z.number(),
                  level: z.string().nullable(),
                  groundRulesMet: z.boolean(),
                  rules: z.array(
                    z
                      .object({
                        ruleId: z.string(),
                        title: z.string(),
                        status: z.string(),
                        howToFix: z.string().optional(),
                      })
                      .passthrough(),
                  ),
                })
                .passthrough(),
            )
            .describe(
              'One result per contract that applies, as GET .../results gives',
            ),
          unknownFacts: z.array(
            z.object({
              name: z.string(),
              source: z.string(),
              reason: z.string(),
            }),
          ),
        }),
    },
    action: async ({ input, credentials }) => {
      const { entityRef, items, unknownFacts } = await check.check(
        parseInput(checkEntityRequestSchema, input),
        credentials,
      );
      // Copied as plain objects, which (unlike interfaces) fit `passthrough`.
      return {
        output: {
          entityRef,
          items: items.map(({ rules, ...item }) => ({
            ...item,
            rules: rules.map(rule => ({ ...rule })),
          })),
          unknownFacts,
        },
      };
    },
  });
}
