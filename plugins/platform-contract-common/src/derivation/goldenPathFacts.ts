import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { FactDeclaration, FactValue } from '../facts';
import {
  GOLDEN_PATH_ANNOTATION,
  goldenPathDistance,
  parseGoldenPathAnnotation,
} from '../goldenPath';

/** The `golden-path` provider's facts. @public */
export const goldenPathFactDeclarations: FactDeclaration[] = [
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
];

/** The template ref (lowercased) and recorded version of a golden-path annotation. @public */
export interface GoldenPathLineage {
  templateRef: string;
  version: string;
}

/** The lineage an entity's golden-path annotation records; undefined when none or unreadable. @public */
export function goldenPathLineage(
  entity: Entity,
): GoldenPathLineage | undefined {
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
 * The golden-path facts of a lineage. `currentVersion` is the template's
 * `groundwork.dev/golden-path-version` (null when it has none); when it is
 * not known (the template is not in the catalog, or there is no catalog)
 * the current version and how far behind are left out, i.e. unknown.
 *
 * @public
 */
export function goldenPathFacts(
  lineage: GoldenPathLineage | undefined,
  currentVersion?: string | null,
): Record<string, FactValue> {
  if (!lineage) {
    // Not created from a golden path: known absent.
    return {
      'goldenPath.template': null,
      'goldenPath.version': null,
      'goldenPath.currentVersion': null,
      'goldenPath.behind': null,
    };
  }
  return {
    'goldenPath.template': lineage.templateRef,
    'goldenPath.version': lineage.version,
    ...(currentVersion === undefined
      ? {}
      : {
          'goldenPath.currentVersion': currentVersion,
          'goldenPath.behind': currentVersion
            ? goldenPathDistance(lineage.version, currentVersion)
            : null,
        }),
  };
}
