import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import {
  CheckEntityResponse,
  checkEntityRequestSchema,
  EntityContractResult,
  Fact,
  proposedEntity,
  RepositoryFileFact,
  repositoryFileMap,
  underivedFactNames,
  UnknownFactNotice,
} from '@groundwork/plugin-platform-contract-common';
import { FactProvider } from '@groundwork/plugin-platform-contract-node';
import { z } from 'zod/v4';
import { ContractRegistry } from '../contracts/ContractRegistry';
import { collectProviderFacts } from '../facts/collectProviderFacts';
import { createGivenFilesFactProvider } from '../facts/RepositoryFileFactProvider';
import { EvaluationService, refOf } from './EvaluationService';

/** A check request as validated by `checkEntityRequestSchema`. */
export type CheckEntityInput = z.output<typeof checkEntityRequestSchema>;

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
    const entity: Entity = await proposedEntity(request.entity);
    const entityRef = refOf(entity);
    const providers = [
      ...this.deps.catalogProviders,
      createGivenFilesFactProvider({
        logger,
        facts: this.deps.repositoryFiles,
        files: repositoryFileMap(request.files),
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
    const items = await evaluation.evaluateProposed(entity, facts, now);
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
    const { registry } = this.deps;
    const names = underivedFactNames(
      items,
      name => registry.get(name)?.contract,
      facts,
    );
    const declaring = (providers: FactProvider[], name: string) =>
      providers.find(p => p.facts.some(f => f.name === name));
    return names.map(name => {
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
