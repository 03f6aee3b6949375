import { AuthService } from '@backstage/backend-plugin-api';
import {
  ANNOTATION_ORIGIN_LOCATION,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AttributionAuditResponse,
  COST_TAGS_ANNOTATION,
  KUBERNETES_LABEL_SELECTOR_ANNOTATION,
  KUBERNETES_NAMESPACE_ANNOTATION,
} from '@groundwork/plugin-cost-common';
import { CostConfig, normalizeRef } from '../config';
import { kubernetesConflicts } from '../opencost/kubernetesClaims';
import { CatalogModel, loadCostEntities } from './CatalogModel';

const CLAIM_ANNOTATIONS = [
  COST_TAGS_ANNOTATION,
  KUBERNETES_NAMESPACE_ANNOTATION,
  KUBERNETES_LABEL_SELECTOR_ANNOTATION,
];

/**
 * What cost administrators need to keep attribution honest, from the live
 * catalog (so every replica answers the same): the trusted locations, the
 * conflicting claims and the claims ignored because of where they come from.
 */
export class AttributionAudit {
  constructor(
    private readonly options: {
      catalog: CatalogService;
      auth: AuthService;
      config: Pick<CostConfig, 'tagRules' | 'accounts' | 'trust'>;
    },
  ) {}

  async audit(): Promise<AttributionAuditResponse> {
    const { catalog, auth, config } = this.options;
    const entities = await loadCostEntities(catalog, auth);
    const trusted = entities.filter(e => config.trust.isTrusted(e));
    const model = new CatalogModel(trusted, config.tagRules, config.accounts);
    return {
      trustedLocations: config.trust.origins,
      trustedGroupLocations: config.trust.groupOrigins,
      conflicts: [...model.conflicts(), ...kubernetesConflicts(trusted)],
      ignoredClaims: entities
        .filter(e => !config.trust.isTrusted(e))
        .flatMap(entity => {
          const annotations = entity.metadata.annotations ?? {};
          const claims = CLAIM_ANNOTATIONS.filter(a => annotations[a]).map(
            a => `${a}: ${annotations[a]}`,
          );
          return claims.length
            ? [
                {
                  entityRef: normalizeRef(stringifyEntityRef(entity)),
                  origin: annotations[ANNOTATION_ORIGIN_LOCATION] ?? null,
                  annotations: claims,
                },
              ]
            : [];
        }),
    };
  }
}
