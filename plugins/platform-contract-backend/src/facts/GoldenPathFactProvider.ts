import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  GOLDEN_PATH_ANNOTATION,
  GOLDEN_PATH_VERSION_ANNOTATION,
  goldenPathDistance,
  parseGoldenPathAnnotation,
} from '@groundwork/plugin-platform-contract-common';
import {
  CollectedFacts,
  FactProvider,
} from '@groundwork/plugin-platform-contract-node';

/** Not created from a golden path (or the annotation is unreadable): known absent. */
const NO_GOLDEN_PATH: CollectedFacts = {
  'goldenPath.template': null,
  'goldenPath.version': null,
  'goldenPath.currentVersion': null,
  'goldenPath.behind': null,
};

/** The template ref and recorded version of an entity's golden-path annotation. */
function lineageOf(entity: Entity) {
  const value = entity.metadata.annotations?.[GOLDEN_PATH_ANNOTATION];
  const parsed = value ? parseGoldenPathAnnotation(value) : undefined;
  if (!parsed) return undefined;
  try {
    const templateRef = stringifyEntityRef(
      parseEntityRef(parsed.templateRef, {
        defaultKind: 'template',
        defaultNamespace: 'default',
      }),
    ).toLocaleLowerCase('en-US');
    return { templateRef, version: parsed.version };
  } catch {
    return undefined;
  }
}

/**
 * Facts about the golden path an entity was created from: the template and
 * version its `groundwork.dev/golden-path` annotation records, the template's
 * current version (its `groundwork.dev/golden-path-version` annotation, all
 * templates of a batch looked up in one call) and how far behind that the
 * entity is. When the template is not in the catalog (as the credentials
 * see it), how far behind is unknown: such facts are left out.
 */
export function createGoldenPathFactProvider(
  catalog: CatalogService,
): FactProvider {
  return {
    id: 'golden-path',
    facts: [
      {
        name: 'goldenPath.template',
        type: 'string',
        description:
          'The template the entity was created from (groundwork.dev/golden-path); null when not created from a golden path',
      },
      {
        name: 'goldenPath.version',
        type: 'string',
        description: 'The template version the entity was created from',
      },
      {
        name: 'goldenPath.currentVersion',
        type: 'string',
        description:
          "The template's current version (its groundwork.dev/golden-path-version); null when it has none, unknown when the template is not in the catalog",
      },
      {
        name: 'goldenPath.behind',
        type: 'object',
        description:
          'How far behind the current version: { major, minor, patch }, e.g. 1.4.2 is { major: 1, minor: 1, patch: 0 } behind 2.1.0; test one part with `path`. null when a version is not semantic',
      },
    ],
    async collect(entities, { credentials }) {
      const lineages = new Map(entities.map(e => [e, lineageOf(e)]));
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
        const ref = stringifyEntityRef(entity);
        if (!lineage) {
          result.set(ref, NO_GOLDEN_PATH);
          continue;
        }
        const current = currentVersions.get(lineage.templateRef);
        result.set(ref, {
          'goldenPath.template': lineage.templateRef,
          'goldenPath.version': lineage.version,
          ...(current === undefined
            ? {}
            : {
                'goldenPath.currentVersion': current,
                'goldenPath.behind': current
                  ? goldenPathDistance(lineage.version, current)
                  : null,
              }),
        });
      }
      return result;
    },
  };
}
