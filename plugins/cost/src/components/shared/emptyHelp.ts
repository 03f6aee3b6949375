import { COST_TAGS_ANNOTATION } from '@groundwork/plugin-cost-common';

/** What to do when nothing is attributed to an entity. */
export function attributionHelp(name: string) {
  return `No billing data is attributed to ${name} yet. Tag its cloud resources with application=${name} (or the tag your administrator configured), or add the annotation "${COST_TAGS_ANNOTATION}: key=value" naming the tags its resources carry. Costs appear after the next ingest.`;
}
