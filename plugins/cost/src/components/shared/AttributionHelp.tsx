import { Entity } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { COST_TAGS_ANNOTATION } from '@groundwork/plugin-cost-common';
import useAsync from 'react-use/esm/useAsync';
import { costApiRef } from '../../api';

/**
 * What to do when nothing is attributed to an entity, for the tag rules this
 * Backstage has (`cost.attribution.tagRules`): a tag that would attribute
 * nothing is never suggested.
 */
export function attributionAdvice(
  entity: Entity,
  tagRules: { tag: string; kind: string }[] | undefined,
) {
  const { name } = entity.metadata;
  const kind = entity.kind.toLocaleLowerCase('en-US');
  const tags = [
    ...new Set(
      (tagRules ?? []).filter(rule => rule.kind === kind).map(rule => rule.tag),
    ),
  ];
  const annotation = `the annotation "${COST_TAGS_ANNOTATION}: key=value" naming the tags its resources carry`;
  const how = tags.length
    ? `Tag its cloud resources with ${tags
        .map(tag => `${tag}=${name}`)
        .join(' or ')}, or add ${annotation}.`
    : `Add ${annotation}; no tag rule of this Backstage attributes billing to a ${kind} by name (ask your platform team about cost.attribution.tagRules).`;
  return `No billing data is attributed to ${name} yet. ${how} Costs appear after the next ingest.`;
}

/** The advice, with the tag rules read from the cost backend. */
export const AttributionHelp = (props: { entity: Entity }) => {
  const costApi = useApi(costApiRef);
  const { value, loading } = useAsync(
    () => costApi.getAttributionRules(),
    [costApi],
  );
  if (loading) return null;
  return <>{attributionAdvice(props.entity, value?.tagRules)}</>;
};
