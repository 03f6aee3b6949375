export interface Config {
  /** Configuration for the Groundwork Cost plugin. */
  cost?: {
    /**
     * How often billing sources are ingested, as an ISO 8601 duration.
     * Defaults to PT6H.
     */
    ingestInterval?: string;
    /**
     * Deprecated: use `currency.reporting`. Still read as its alias (a warning
     * is logged; setting both to different values is an error).
     * @deprecated use cost.currency.reporting
     */
    defaultCurrency?: string;
    /**
     * Currencies. Billing rows keep the currency they were billed in; answers
     * are in the reporting currency, with other currencies converted only by
     * the rates configured here. Cost in a currency without a rate is never
     * converted or dropped: answers list it in `excludedCurrencies`.
     */
    currency?: {
      /** ISO 4217 code of the currency shown by default. Defaults to USD. */
      reporting?: string;
      /**
       * ISO 4217 code to the value of one unit in the reporting currency, e.g.
       * `EUR: 1.08` when 1 EUR = 1.08 USD. Positive numbers; validated at
       * start-up.
       */
      rates?: { [currency: string]: number };
    };
    /** FOCUS (1.0 to 1.3) billing exports to ingest. */
    sources?: Array<{
      /** Unique name; ingest status and data replacement are per source. */
      name: string;
      /** Local file, relative to the backend's working directory. */
      path?: string;
      /** Remote file, read through the UrlReader (integrations config applies). */
      url?: string;
      /** Detected from the content (gzip and Parquet by their first bytes, whatever the file name) when not given. */
      format?: 'csv' | 'csv.gz' | 'parquet';
    }>;
    /** How billing rows are attributed to catalog entities. */
    attribution?: {
      /**
       * Tags whose value names an entity of the given kind, in priority order.
       * Keys match case-insensitively after trimming. Annotations
       * (`groundwork.dev/cost-tags`) take precedence over these rules.
       */
      tagRules?: Array<{
        tag: string;
        /** Entity kind, e.g. component, system or group. */
        kind: string;
      }>;
      /** Accounts whose otherwise unattributed cost belongs to an entity. */
      accounts?: Array<{
        /** Matches SubAccountId, or BillingAccountId when no sub account matches. */
        accountId: string;
        entityRef: string;
      }>;
      /**
       * Location refs (`type:target`, `*` matches any characters) whose
       * entities may claim billing (`groundwork.dev/cost-tags`, Kubernetes
       * annotations) and roll cost up, besides the app-config's own
       * `catalog.locations`. Matched against the catalog's
       * `backstage.io/managed-by-origin-location`, which entity files cannot
       * set. Entities from anywhere else count for nothing, e.g.
       * `url:https://github.com/acme/*` for the organisation's repositories
       * or `url:https://github.com/acme` for an org provider. `*` alone
       * trusts every location (anyone who may register one can then claim
       * cost without a conflict with another owner).
       */
      trustedLocations?: string[];
      /**
       * The same for Groups, which shape the hierarchy of other teams (a
       * group's `children`): groups count only from these and the app-config's
       * `catalog.locations`, not from `trustedLocations`.
       */
      trustedGroupLocations?: string[];
      /**
       * Whether the app-config's `catalog.locations` are trusted (default
       * true). Set false when they hold content anyone may edit.
       */
      trustConfiguredLocations?: boolean;
      /**
       * An ingest is refused, keeping every billing row and its attribution,
       * when the catalog returns more than this share fewer entities in the
       * cost hierarchy (entities with an owner or parent) than the last
       * ingest read: a catalog restarting or a location that failed to read
       * would otherwise re-attribute their cost as unattributed. The reason
       * is logged and shown as each source's ingest status. Between 0 and 1;
       * 1 never refuses. Default 0.5 (as
       * platformContract.evaluation.maxCatalogShrink).
       */
      maxCatalogShrink?: number;
    };
    /**
     * First month of the fiscal year, 1 (January) to 12; quarters start
     * with it. Opex projections run to the end of the fiscal quarter and
     * year. Defaults to 1.
     */
    fiscalYearStartMonth?: number;
    /** Opex projections (`GET /api/cost/projection`). */
    projection?: {
      /** Days of run rate (mean daily cost up to the last day with data), 7 to 90. Defaults to 30. */
      runRateDays?: number;
    };
    /** Commitment discounts (savings plans, reservations, committed-use discounts). */
    commitments?: {
      /**
       * Group notified when a commitment's utilisation in the latest month
       * with billing data is below `utilisationAlertThreshold`, e.g.
       * group:default/platform. Without it the under-use is only logged.
       */
      notify?: string;
      /** Utilisation in percent (0 to 100) below which `notify` is told. Defaults to 80. */
      utilisationAlertThreshold?: number;
    };
    /**
     * Optional OpenCost server for Kubernetes CPU/RAM efficiency and idle
     * cost. Entities opt in with the `groundwork.dev/kubernetes-namespace` or
     * `groundwork.dev/kubernetes-label-selector` annotation.
     */
    opencost?: {
      /**
       * OpenCost's API, e.g. http://opencost.opencost.svc:9003. The only
       * OpenCost URL the backend ever calls (`GET <baseUrl>/allocation`).
       */
      baseUrl: string;
      /**
       * Bearer token, when OpenCost sits behind an authenticating proxy.
       * @visibility secret
       */
      token?: string;
      /** Per request timeout in milliseconds. Defaults to 10000. */
      timeoutMs?: number;
      /** How long OpenCost answers are reused, in seconds. Defaults to 300. */
      cacheTtlSeconds?: number;
      /** Currency of OpenCost's prices. Defaults to USD. */
      currency?: string;
    };
  };
}
