import { stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  GOLDEN_PATH_VERSION_ANNOTATION,
  goldenPathFactDeclarations,
  goldenPathFacts,
  goldenPathLineage,
} from '@groundwork/plugin-platform-contract-common';
import {
  CollectedFacts,
  FactProvider,
} from '@groundwork/plugin-platform-contract-node';

/**
 * Facts about the golden path an entity was created from: the template and
 * version its `groundwork.dev/golden-path` annotation records, the template's
 * current version (its `groundwork.dev/golden-path-version` annotation, all
 * templates of a batch looked up in one call) and how far behind that the
 * entity is (`goldenPathFacts`, shared with the CLI's offline check). When
 * the template is not in the catalog (as the credentials see it), how far
 * behind is unknown: such facts are left out.
 */
export function createGoldenPathFactProvider(
  catalog: CatalogService,
): FactProvider {
  return {
    id: 'golden-path',
    facts: goldenPathFactDeclarations,
    async collect(entities, { credentials }) {
      const lineages = new Map(entities.map(e => [e, goldenPathLineage(e)]));
      const templateRefs = [
        ...new Set([...lineages.values()].flatMap(l => l?.templateRef ?? [])),
      ];
      const { items } = templateRefs.length
        ? await catalog.getEntitiesByRefs(
            {
              entityRefs: templateRefs,
              fields: ['kind', 'metadata.annotations'],
            },
            { credentials },
          )
        : { items: [] };
      const currentVersions = new Map<string, string | null>();
      templateRefs.forEach((ref, i) => {
        const template = items[i];
        if (template) {
          currentVersions.set(
            ref,
            template.metadata.annotations?.[GOLDEN_PATH_VERSION_ANNOTATION] ??
              null,
          );
        }
      });

      const result = new Map<string, CollectedFacts>();
      for (const [entity, lineage] of lineages) {
        result.set(
          stringifyEntityRef(entity),
          goldenPathFacts(
            lineage,
            lineage && currentVersions.get(lineage.templateRef),
          ),
        );
      }
      return result;
    },
  };
}
