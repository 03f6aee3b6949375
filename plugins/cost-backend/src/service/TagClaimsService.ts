import {
  AuthService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { TagClaim, TagClaimsResponse } from '@groundwork/plugin-cost-common';
import { CatalogModel } from '../attribution/CatalogModel';
import { CostConfig } from '../config';
import { CostStore } from '../database/CostStore';

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
      config: Pick<CostConfig, 'tagRules' | 'accounts' | 'trust'>;
      /** For the tag labels that unattributed cost was recorded under. */
      store: Pick<CostStore, 'unattributedTagLabels'>;
    },
  ) {}

  async claims(
    pairs: { tag: string; value: string }[],
    credentials: BackstageCredentials,
  ): Promise<TagClaimsResponse> {
    const { catalog, auth, config } = this.options;
    const model = await CatalogModel.load({ catalog, auth, config });
    const asked = pairs.map(pair => {
      const tag = pair.tag.trim().toLowerCase();
      const value = pair.value.trim();
      return { tag, value, claimants: model.claimants(tag, value) };
    });
    const visible = await this.visibleRefs(
      asked.flatMap(a => a.claimants.map(c => c.entityRef)),
      credentials,
    );
    const billed = await this.options.store.unattributedTagLabels(
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
}
