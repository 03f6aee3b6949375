import {
  AuthService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { TagClaim, TagClaimsResponse } from '@groundwork/plugin-cost-common';
import { Knex } from 'knex';
import { CatalogModel } from '../attribution/CatalogModel';
import { CostConfig } from '../config';

/**
 * Answers which entities already claim cost tag pairs, so a golden path does
 * not give a new entity tags that would take over another one's billing rows.
 * Claims are computed over the whole catalog (as attribution sees it); only
 * the entity refs the caller may read in the catalog are named.
 */
export class TagClaimsService {
  constructor(
    private readonly options: {
      catalog: CatalogService;
      auth: AuthService;
      config: Pick<CostConfig, 'tagRules' | 'accounts'>;
      /** The plugin's database, for the unattributed tag labels ingest stored. */
      db: Knex;
    },
  ) {}

  async claims(
    pairs: { tag: string; value: string }[],
    credentials: BackstageCredentials,
  ): Promise<TagClaimsResponse> {
    const { catalog, auth, config } = this.options;
    const model = await CatalogModel.load(
      catalog,
      auth,
      config.tagRules,
      config.accounts,
    );
    const asked = pairs.map(pair => {
      const tag = pair.tag.trim().toLowerCase();
      const value = pair.value.trim();
      return { tag, value, claimants: model.claimants(tag, value) };
    });
    const visible = await this.visibleRefs(
      asked.flatMap(a => a.claimants.map(c => c.entityRef)),
      credentials,
    );
    const billed = await this.unattributedLabels(
      asked.map(a => `${a.tag}=${a.value}`),
    );
    return {
      claims: asked.map(({ tag, value, claimants }): TagClaim => {
        const shown = claimants.filter(c => visible.has(c.entityRef));
        return {
          tag,
          value,
          claimed: claimants.length > 0,
          claimedBy: shown,
          hiddenClaimants: claimants.length - shown.length,
          billedUnattributed: billed.has(`${tag}=${value}`.toLowerCase()),
        };
      }),
    };
  }

  /** The refs the caller may read in the catalog. */
  private async visibleRefs(
    refs: string[],
    credentials: BackstageCredentials,
  ): Promise<Set<string>> {
    const unique = [...new Set(refs)];
    if (!unique.length) return new Set();
    const { items } = await this.options.catalog.getEntitiesByRefs(
      { entityRefs: unique, fields: ['kind'] },
      { credentials },
    );
    return new Set(unique.filter((_, i) => items[i]));
  }

  /**
   * Which of the `tag=value` labels unattributed cost was recorded under,
   * lower-cased. (A read of the ingest's `cost_unattributed` table.)
   */
  private async unattributedLabels(labels: string[]): Promise<Set<string>> {
    const lower = labels.map(l => l.toLowerCase());
    const rows: { label: string }[] = await this.options
      .db('cost_unattributed')
      .distinct('label')
      .where({ dimension: 'tag' })
      .whereRaw(`lower(label) in (${lower.map(() => '?').join(', ')})`, lower);
    return new Set(rows.map(r => r.label.toLowerCase()));
  }
}
