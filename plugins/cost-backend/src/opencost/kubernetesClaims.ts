import {
  Entity,
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  AttributionConflict,
  KUBERNETES_LABEL_SELECTOR_ANNOTATION,
  KUBERNETES_NAMESPACE_ANNOTATION,
  parseKubernetesLabelSelectorAnnotation,
  parseKubernetesNamespaceAnnotation,
} from '@groundwork/plugin-cost-common';
import { conflictingClaims } from '../attribution/conflicts';
import { normalizeRef } from '../config';

/** Where an entity's Kubernetes cost lives in OpenCost. */
export type AllocationTarget =
  | { kind: 'namespace'; namespace: string }
  | { kind: 'label'; key: string; value: string };

export const targetId = (t: AllocationTarget) =>
  t.kind === 'namespace' ? t.namespace : `${t.key}=${t.value}`;

/**
 * The allocation targets an entity's annotations name. The namespace
 * annotation wins; a label selector is only used without one, so the same
 * pods are not counted twice.
 */
export function allocationTargets(
  annotations: Record<string, string> | undefined,
): AllocationTarget[] {
  const { namespaces } = parseKubernetesNamespaceAnnotation(
    annotations?.[KUBERNETES_NAMESPACE_ANNOTATION],
  );
  if (namespaces.length) {
    return namespaces.map(namespace => ({ kind: 'namespace', namespace }));
  }
  const selector = parseKubernetesLabelSelectorAnnotation(
    annotations?.[KUBERNETES_LABEL_SELECTOR_ANNOTATION],
  );
  return selector ? [{ kind: 'label', ...selector }] : [];
}

/**
 * Namespaces and label selectors claimed by entities of different owners:
 * counted for none of them, so nobody measures another team's workloads by
 * annotating an entity of their own.
 */
export function kubernetesConflicts(entities: Entity[]): AttributionConflict[] {
  const claims = entities.flatMap(entity => {
    const ref = normalizeRef(stringifyEntityRef(entity));
    const owner = entity.relations?.find(r => r.type === RELATION_OWNED_BY);
    return allocationTargets(entity.metadata.annotations).map(target => ({
      claim:
        target.kind === 'namespace'
          ? `namespace ${target.namespace}`
          : `label ${targetId(target)}`,
      ref,
      owner: owner ? normalizeRef(owner.targetRef) : ref,
    }));
  });
  return conflictingClaims(claims).map(({ claim, entityRefs }) => ({
    source: claim.startsWith('namespace ')
      ? KUBERNETES_NAMESPACE_ANNOTATION
      : KUBERNETES_LABEL_SELECTOR_ANNOTATION,
    claim: claim.replace(/^(namespace|label) /, ''),
    entityRefs,
    resolution: 'Its Kubernetes cost and efficiency count for none of them',
  }));
}
