/**
 * Parses the `groundwork.dev/cost-budget` annotation (`500 USD`, `1,200.50 EUR`).
 * Returns undefined when the value is not understood.
 *
 * @public
 */
export function parseBudgetAnnotation(
  value: string | undefined,
): { amount: number; currency: string } | undefined {
  const match = value
    ?.trim()
    .match(/^([0-9][0-9,]*(?:\.[0-9]+)?)\s*([A-Za-z]{3})$/);
  if (!match) {
    return undefined;
  }
  const amount = Number(match[1].replace(/,/g, ''));
  return amount > 0 ? { amount, currency: match[2].toUpperCase() } : undefined;
}

/**
 * Parses the `groundwork.dev/cost-tags` annotation into normalised
 * (lower-cased, trimmed) keys and trimmed values.
 *
 * @public
 */
export function parseCostTagsAnnotation(
  value: string | undefined,
): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const pair of (value ?? '').split(',')) {
    const index = pair.indexOf('=');
    if (index > 0) {
      const key = pair.slice(0, index).trim().toLowerCase();
      const tagValue = pair.slice(index + 1).trim();
      if (key && tagValue) {
        tags[key] = tagValue;
      }
    }
  }
  return tags;
}

/**
 * Entity annotation naming the Kubernetes namespaces whose OpenCost
 * allocation belongs to the entity, comma separated, e.g. `brightpath` or
 * `kube-system, ingress-nginx`.
 *
 * @public
 */
export const KUBERNETES_NAMESPACE_ANNOTATION =
  'groundwork.dev/kubernetes-namespace';

/**
 * Entity annotation with one Kubernetes label `key=value` whose OpenCost
 * allocation belongs to the entity, e.g. `app.kubernetes.io/part-of=zoommap`.
 * Used when the entity has no namespace annotation.
 *
 * @public
 */
export const KUBERNETES_LABEL_SELECTOR_ANNOTATION =
  'groundwork.dev/kubernetes-label-selector';

/** RFC 1123 label: what Kubernetes allows as a namespace name. */
const NAMESPACE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
/** Label name: optional DNS subdomain prefix and `/`, then a 63 character name. */
const LABEL_KEY =
  /^(?:[a-z0-9](?:[-a-z0-9.]{0,251}[a-z0-9])?\/)?[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^(?:[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)$/;

/**
 * Parses the `groundwork.dev/kubernetes-namespace` annotation into valid
 * namespace names. Anything that is not a Kubernetes namespace name (a URL,
 * a path, upper case) is refused: the names only ever become query values
 * for the configured OpenCost server.
 *
 * @public
 */
export function parseKubernetesNamespaceAnnotation(value: string | undefined): {
  namespaces: string[];
  invalid: string[];
} {
  const namespaces: string[] = [];
  const invalid: string[] = [];
  for (const part of (value ?? '').split(',')) {
    const name = part.trim();
    if (!name) continue;
    if (NAMESPACE.test(name)) {
      if (!namespaces.includes(name)) namespaces.push(name);
    } else {
      invalid.push(name);
    }
  }
  return { namespaces, invalid };
}

/**
 * Parses the `groundwork.dev/kubernetes-label-selector` annotation: exactly
 * one `key=value` with a valid Kubernetes label name and value. Returns
 * undefined for anything else (including URLs).
 *
 * @public
 */
export function parseKubernetesLabelSelectorAnnotation(
  value: string | undefined,
): { key: string; value: string } | undefined {
  const text = value?.trim() ?? '';
  const index = text.indexOf('=');
  if (index <= 0) return undefined;
  const key = text.slice(0, index).trim();
  const labelValue = text.slice(index + 1).trim();
  if (!LABEL_KEY.test(key) || !LABEL_VALUE.test(labelValue)) {
    return undefined;
  }
  return { key, value: labelValue };
}
