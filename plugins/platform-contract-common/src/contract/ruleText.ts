/** `{{ entityRef }}`, with or without the spaces. */
const ENTITY_REF_PLACEHOLDER = /\{\{\s*entityRef\s*\}\}/g;

/**
 * A rule's how-to-fix text for one entity: `{{ entityRef }}` becomes the
 * entity's ref, e.g. in a link that opens a template with the entity filled
 * in. Refs need no escaping in a URL (kind, namespace and name are letters,
 * digits and `-_.`). With no entity (the contract read as a document) it
 * becomes empty, so such a link opens the template without pre-filling it.
 *
 * @public
 */
export function fillRuleText(text: string, entity: { entityRef?: string }) {
  return text.replace(ENTITY_REF_PLACEHOLDER, entity.entityRef ?? '');
}
