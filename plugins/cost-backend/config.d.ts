export interface Config {
  /** Configuration for the Groundwork Cost plugin. */
  cost?: {
    /**
     * How often billing sources are ingested, as an ISO 8601 duration.
     * Defaults to PT6H.
     */
    ingestInterval?: string;
    /** Currency shown when a request does not ask for one. Defaults to USD. */
    defaultCurrency?: string;
    /** FOCUS (1.0 to 1.3) billing exports to ingest. */
    sources?: Array<{
      /** Unique name; ingest status and data replacement are per source. */
      name: string;
      /** Local file, relative to the backend's working directory. */
      path?: string;
      /** Remote file, read through the UrlReader (integrations config applies). */
      url?: string;
      /** Detected from the file name or content when not given. */
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
    };
  };
}
