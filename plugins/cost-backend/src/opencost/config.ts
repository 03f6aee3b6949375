import { RootConfigService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';

/** `cost.opencost`: the one OpenCost server the cost plugin may call. */
export interface OpenCostConfig {
  /** Without a trailing slash. */
  baseUrl: string;
  token?: string;
  timeoutMs: number;
  cacheTtlMs: number;
  currency: string;
}

/** How to turn it on; shown by the API and the UI when it is off. */
export const OPENCOST_NOT_CONFIGURED =
  'OpenCost is not configured. Set cost.opencost.baseUrl in app-config.yaml to your OpenCost API (e.g. http://opencost.opencost.svc:9003) and annotate entities with groundwork.dev/kubernetes-namespace or groundwork.dev/kubernetes-label-selector.';

/** Reads `cost.opencost`; undefined when it is not configured. */
export function readOpenCostConfig(
  rootConfig: RootConfigService,
): OpenCostConfig | undefined {
  const config = rootConfig.getOptionalConfig('cost.opencost');
  if (!config) return undefined;
  const baseUrl = config.getString('baseUrl').trim().replace(/\/+$/, '');
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new InputError(`cost.opencost.baseUrl is not a URL: ${baseUrl}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InputError('cost.opencost.baseUrl must be an http(s) URL');
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new InputError(
      'cost.opencost.baseUrl must not carry credentials, a query or a fragment; use cost.opencost.token',
    );
  }
  const timeoutMs = config.getOptionalNumber('timeoutMs') ?? 10_000;
  const cacheTtlSeconds = config.getOptionalNumber('cacheTtlSeconds') ?? 300;
  if (!(timeoutMs > 0) || !(cacheTtlSeconds >= 0)) {
    throw new InputError(
      'cost.opencost.timeoutMs must be positive and cacheTtlSeconds not negative',
    );
  }
  return {
    baseUrl,
    token: config.getOptionalString('token'),
    timeoutMs,
    cacheTtlMs: cacheTtlSeconds * 1000,
    currency: (config.getOptionalString('currency') ?? 'USD').toUpperCase(),
  };
}
