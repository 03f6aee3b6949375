import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  EntityResultsResponse,
  SensitiveFactsDeclaration,
} from '@groundwork/plugin-platform-contract-common';
import { nameMatcher } from './namePatterns';

/**
 * What the caller of a read may see: scorecards of the entities the catalog
 * shows them (asked with their own credentials, so an adopter's
 * `catalog.entity.read` policy applies here too), and values of sensitive
 * facts only where the declaring provider's permission allows it.
 */
export class CallerAccess {
  private readonly sensitive: Array<{
    matches(name: string): boolean;
    declaration: SensitiveFactsDeclaration;
  }>;

  constructor(
    private readonly deps: {
      catalog: CatalogService;
      permissions: PermissionsService;
      sensitive: SensitiveFactsDeclaration[];
    },
  ) {
    this.sensitive = deps.sensitive.map(declaration => ({
      matches: nameMatcher(declaration.facts),
      declaration,
    }));
  }

  /** A 404 unless the caller can read the entity in the catalog; the same 404 as for an unknown entity. */
  async requireEntity(entityRef: string, credentials: BackstageCredentials) {
    const entity = await this.deps.catalog.getEntityByRef(entityRef, {
      credentials,
    });
    if (!entity)
      throw new NotFoundError(`No entity ${entityRef} in the catalog`);
  }

  /** Those of the refs the caller can read in the catalog. */
  async readableEntities(
    entityRefs: string[],
    credentials: BackstageCredentials,
  ): Promise<Set<string>> {
    if (entityRefs.length === 0) return new Set();
    const { items } = await this.deps.catalog.getEntitiesByRefs(
      { entityRefs, fields: ['kind', 'metadata.namespace', 'metadata.name'] },
      { credentials },
    );
    return new Set(entityRefs.filter((_, i) => items[i]));
  }

  /**
   * The results with the values of sensitive facts the caller may not read
   * for this entity replaced by `hidden: true`.
   */
  async hideSensitiveValues(
    results: EntityResultsResponse,
    credentials: BackstageCredentials,
  ): Promise<EntityResultsResponse> {
    const shown = results.items.flatMap(i => i.rules.flatMap(r => r.facts));
    const relevant = this.sensitive.filter(s =>
      shown.some(f => 'value' in f && s.matches(f.fact)),
    );
    if (relevant.length === 0) return results;
    const decisions = await this.deps.permissions.authorize(
      relevant.map(s => ({
        permission: s.declaration.readPermission,
        resourceRef: results.entityRef,
      })),
      { credentials },
    );
    const denied = relevant.filter(
      (_, i) => decisions[i].result !== AuthorizeResult.ALLOW,
    );
    if (denied.length === 0) return results;
    const isHidden = (name: string) => denied.some(s => s.matches(name));
    return {
      ...results,
      items: results.items.map(item => ({
        ...item,
        rules: item.rules.map(rule => ({
          ...rule,
          facts: rule.facts.map(fact => {
            if (!('value' in fact) || !isHidden(fact.fact)) return fact;
            const { value: _hidden, ...rest } = fact;
            return { ...rest, hidden: true as const };
          }),
        })),
      })),
    };
  }
}
