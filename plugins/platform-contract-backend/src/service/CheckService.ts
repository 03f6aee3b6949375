import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  apiEntityV1alpha1Validator,
  componentEntityV1alpha1Validator,
  DefaultNamespaceEntityPolicy,
  domainEntityV1alpha1Validator,
  Entity,
  EntityPolicies,
  FieldFormatEntityPolicy,
  groupEntityV1alpha1Validator,
  locationEntityV1alpha1Validator,
  NoForeignRootFieldsEntityPolicy,
  resourceEntityV1alpha1Validator,
  SchemaValidEntityPolicy,
  systemEntityV1alpha1Validator,
  userEntityV1alpha1Validator,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  CheckEntityResponse,
  checkEntityRequestSchema,
  Condition,
  EntityContractResult,
  Fact,
  UnknownFactNotice,
} from '@groundwork/plugin-platform-contract-common';
import { FactProvider } from '@groundwork/plugin-platform-contract-node';
import { z } from 'zod/v4';
import { ContractRegistry } from '../contracts/ContractRegistry';
import { collectProviderFacts } from '../facts/collectProviderFacts';
import {
  createGivenFilesFactProvider,
  normalizeRepositoryPath,
  RepositoryFileFact,
} from '../facts/RepositoryFileFactProvider';
import { EvaluationService, refOf } from './EvaluationService';

/** A check request as validated by `checkEntityRequestSchema`. */
export type CheckEntityInput = z.output<typeof checkEntityRequestSchema>;

/** What the catalog enforces on an entity before it accepts it. */
const entityPolicy = EntityPolicies.allOf([
  new DefaultNamespaceEntityPolicy(),
  new NoForeignRootFieldsEntityPolicy(),
  new FieldFormatEntityPolicy(),
  new SchemaValidEntityPolicy(),
]);
/** The catalog's built-in kinds; other kinds are left to the processors that handle them. */
const kindValidators = [
  apiEntityV1alpha1Validator,
  componentEntityV1alpha1Validator,
  domainEntityV1alpha1Validator,
  groupEntityV1alpha1Validator,
  locationEntityV1alpha1Validator,
  resourceEntityV1alpha1Validator,
  systemEntityV1alpha1Validator,
  userEntityV1alpha1Validator,
];

/** The entity as the catalog would take it in, or a 400 saying what to fix. */
async function proposedEntity(raw: CheckEntityInput['entity']) {
  // The catalog computes these; a catalog-info.yaml never holds them.
  const { relations: _relations, status: _status, ...written } = raw;
  let entity: Entity | undefined;
  try {
    entity = await entityPolicy.enforce(written as Entity);
  } catch (e) {
    throw new InputError(`entity: ${(e as Error).message}`);
  }
  if (!entity) throw new InputError('entity: refused by the catalog policy');
  for (const validator of kindValidators) {
    try {
      await validator.check(entity);
    } catch (e) {
      throw new InputError(
        `entity (${entity.apiVersion} ${entity.kind}): ${(e as Error).message}`,
      );
    }
  }
  return entity;
}

/** The given files by normalized path; a 400 names a bad or repeated path. */
function fileMap(files: CheckEntityInput['files']): Map<string, string> {
  const map = new Map<string, string>();
  files.forEach(({ path, content }, i) => {
    const normalized = normalizeRepositoryPath(path, `files[${i}].path`);
    if (map.has(normalized)) {
      throw new InputError(
        `files[${i}].path: '${path}' is given twice (as '${normalized}'); send each file once`,
      );
    }
    map.set(normalized, content);
  });
  return map;
}

function factNamesOf(condition: Condition): string[] {
  if ('all' in condition) return condition.all.flatMap(factNamesOf);
  if ('any' in condition) return condition.any.flatMap(factNamesOf);
  if ('not' in condition) return factNamesOf(condition.not);
  return [condition.fact];
}

/**
 * Checks a proposed entity (its catalog-info and repository files) against
 * every contract that applies, storing nothing. Its facts are derived by the
 * providers of scheduled evaluation: the catalog and golden-path providers
 * with the caller's credentials (so group and template look-ups are the
 * caller's), the repository-file provider over the given files. Facts only other providers collect, or that
 * CI pushes, do not exist yet: their rules come out `unknown` and the facts
 * are listed with the reason.
 */
export class CheckService {
  constructor(
    private readonly deps: {
      evaluation: EvaluationService;
      registry: ContractRegistry;
      logger: LoggerService;
      /** The providers of scheduled evaluation that read the entity and the catalog. */
      catalogProviders: FactProvider[];
      /** `platformContract.repositoryFiles.facts`. */
      repositoryFiles: RepositoryFileFact[];
      /** Providers from the extension point: they collect once an entity is in the catalog. */
      laterProviders: FactProvider[];
    },
  ) {}

  async check(
    request: CheckEntityInput,
    credentials: BackstageCredentials,
    now = new Date(),
  ): Promise<CheckEntityResponse> {
    const { evaluation, logger } = this.deps;
    const entity = await proposedEntity(request.entity);
    const entityRef = refOf(entity);
    const providers = [
      ...this.deps.catalogProviders,
      createGivenFilesFactProvider({
        logger,
        facts: this.deps.repositoryFiles,
        files: fileMap(request.files),
      }),
    ];
    const facts = new Map<string, Fact>();
    const failed = new Map<string, string>();
    for (const provider of providers) {
      try {
        const [row] = await collectProviderFacts(
          provider,
          [entity],
          [entityRef],
          { logger, credentials, now },
        );
        for (const [name, fact] of Object.entries(row.facts)) {
          facts.set(name, { name, ...fact });
        }
      } catch (e) {
        // As in scheduled evaluation, its facts stay unknown.
        logger.warn(
          `Checking ${entityRef}: fact provider ${provider.id} failed`,
          e as Error,
        );
        failed.set(provider.id, (e as Error).message);
      }
    }
    const { items } = await evaluation.evaluateProposed(entity, facts, now);
    return {
      entityRef,
      items,
      unknownFacts: this.unknownFacts(items, facts, providers, failed),
    };
  }

  /** The facts that the applicable rules use and the check could not derive, with why. */
  private unknownFacts(
    items: EntityContractResult[],
    facts: ReadonlyMap<string, Fact>,
    derivedBy: FactProvider[],
    failed: ReadonlyMap<string, string>,
  ): UnknownFactNotice[] {
    const names = new Set<string>();
    for (const item of items) {
      const rules = this.deps.registry.get(item.contract)?.contract?.rules;
      for (const result of item.rules) {
        if (result.status === 'not-applicable') continue;
        const rule = rules?.find(r => r.rule.id === result.ruleId)?.rule;
        for (const name of rule ? factNamesOf(rule.condition) : []) {
          if (!facts.has(name)) names.add(name);
        }
      }
    }
    const declaring = (providers: FactProvider[], name: string) =>
      providers.find(p => p.facts.some(f => f.name === name));
    return [...names].sort().map(name => {
      const derived = declaring(derivedBy, name);
      if (derived) {
        const failure = failed.get(derived.id);
        return {
          name,
          source: derived.id,
          reason: failure
            ? `could not be derived now (${failure})`
            : `the ${derived.id} provider could not tell it for this entity, e.g. what it looks up is not in the catalog`,
        };
      }
      const later = declaring(this.deps.laterProviders, name);
      return later
        ? {
            name,
            source: later.id,
            reason: `collected by the ${later.id} module once the entity is in the catalog`,
          }
        : {
            name,
            source: 'pushed',
            reason:
              'pushed by CI (POST /facts) after the first build; no fact provider collects it',
          };
    });
  }
}
