import { RootConfigService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { stringifyEntityRef, parseEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { Duration } from 'luxon';
import { CatalogTrust, readCatalogTrust } from './attribution/CatalogTrust';
import { CurrencyConfig, readCurrencyConfig } from './currency';
import { FocusFormat } from './ingest/focusReader';

export interface CostSourceConfig {
  name: string;
  path?: string;
  url?: string;
  format?: FocusFormat;
}

export interface TagRule {
  /** Normalised (lower-cased, trimmed) tag key. */
  tag: string;
  kind: string;
}

export interface CostConfig {
  ingestInterval: Duration;
  currency: CurrencyConfig;
  sources: CostSourceConfig[];
  tagRules: TagRule[];
  /** Account id to normalised entity ref. */
  accounts: Map<string, string>;
  /** Whose annotations and relations attribution believes. */
  trust: CatalogTrust;
  /** Share of the cost hierarchy a catalog read may lose before an ingest is refused. */
  maxCatalogShrink: number;
}

/** Entity refs are compared case-insensitively, so they are stored lower-cased. */
export function normalizeRef(ref: string) {
  return stringifyEntityRef(parseEntityRef(ref)).toLocaleLowerCase('en-US');
}

export function readCostConfig(rootConfig: RootConfigService): CostConfig {
  const config = rootConfig.getOptionalConfig('cost');
  const ingestInterval = Duration.fromISO(
    config?.getOptionalString('ingestInterval') ?? 'PT6H',
  );
  if (!ingestInterval.isValid) {
    throw new InputError(`cost.ingestInterval is not an ISO 8601 duration`);
  }
  const sources = (config?.getOptionalConfigArray('sources') ?? []).map(
    source => {
      const name = source.getString('name');
      const path = source.getOptionalString('path');
      const url = source.getOptionalString('url');
      if (!path === !url) {
        throw new InputError(
          `cost.sources '${name}' needs exactly one of path or url`,
        );
      }
      return {
        name,
        path,
        url,
        format: source.getOptionalString('format') as FocusFormat | undefined,
      };
    },
  );
  const names = sources.map(s => s.name);
  if (new Set(names).size !== names.length) {
    throw new InputError('cost.sources names must be unique');
  }
  const attribution = config?.getOptionalConfig('attribution');
  return {
    ingestInterval,
    currency: readCurrencyConfig(config),
    sources,
    tagRules: (attribution?.getOptionalConfigArray('tagRules') ?? []).map(
      rule => ({
        tag: rule.getString('tag').trim().toLowerCase(),
        kind: rule.getString('kind').toLowerCase(),
      }),
    ),
    accounts: new Map(
      (attribution?.getOptionalConfigArray('accounts') ?? []).map(account => [
        account.getString('accountId'),
        normalizeRef(account.getString('entityRef')),
      ]),
    ),
    trust: readCatalogTrust(rootConfig),
    maxCatalogShrink: readMaxCatalogShrink(attribution),
  };
}

function readMaxCatalogShrink(attribution: Config | undefined) {
  const share = attribution?.getOptionalNumber('maxCatalogShrink') ?? 0.5;
  if (!(share >= 0 && share <= 1)) {
    throw new InputError(
      `cost.attribution.maxCatalogShrink must be a share between 0 and 1 (e.g. 0.5), not ${share}`,
    );
  }
  return share;
}
