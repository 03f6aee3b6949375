export interface Config {
  /** Configuration for the Groundwork Platform contract plugin. */
  platformContract?: {
    /**
     * The contracts to check the catalog against: a contract YAML file (kind
     * PlatformContract, relative to the backend's working directory), or
     * `{ reference: <name> }` for a reference contract shipped with the plugin
     * (`kubernetes-service`, `ml-project`). A contract that fails validation
     * is reported and skipped.
     */
    contracts?: Array<string | { reference: string }>;
    /**
     * How often the whole catalog is evaluated against the contracts, as an ISO 8601 duration. Default PT30M.
     * @visibility frontend
     */
    evaluationInterval?: string;
    evaluation?: {
      /**
       * Evaluate full runs of more than 500 entities on a worker thread, so
       * that decoding facts and evaluating rules overlap storing results (a
       * second core). Set false to keep evaluation on the main thread, e.g.
       * where memory is tight. Default true.
       */
      workerThread?: boolean;
      /**
       * A full evaluation is refused, keeping every fact and result, when
       * the catalog returns more than this share fewer entities under
       * contract than have results (a catalog restarting, a location that
       * failed to read), and the reason is logged. Between 0 and 1; 1 never
       * refuses. Default 0.5.
       */
      maxCatalogShrink?: number;
      /**
       * Longest string a `matches` condition tests; a longer fact value
       * fails the condition without running the pattern. Default 10000.
       */
      maxMatchChars?: number;
    };
    facts?: {
      /** Facts observed longer ago than this count as stale, making their rules `unknown`. Default 168. */
      maxAgeHours?: number;
      /** Who may push facts through `POST /facts`; nobody without `allow`. */
      push?: {
        /**
         * One entry per service allowed to push. Names of facts a provider
         * collects, and their namespaces (`catalog.`, `cost.`, `repo.`...),
         * are refused whatever the entry says.
         */
        allow?: Array<{
          /** The service's subject, e.g. `external:github-ci` for an external access token with that subject. */
          subject: string;
          /** Entity refs it may push for: exact, `*`, or a prefix ending in `*` such as `component:default/*`. Default all. */
          entityRefs?: string[];
          /** Fact names it may push: exact or a prefix ending in `*`, e.g. `build.*`. */
          facts: string[];
        }>;
        /** A pushed `observedAt` further than this ahead of the server's clock is refused. Default 5. */
        maxFutureMinutes?: number;
        /** Pushed facts of entities not in the catalog are pruned by the full run once their last push is this old. Default 24. */
        orphanGraceHours?: number;
      };
    };
    history?: {
      /** Daily snapshots older than this are pruned after each evaluation. Default 400. */
      retentionDays?: number;
    };
    waivers?: {
      /** Entity owners are notified this many days before an approved waiver expires. Default 7. */
      notifyDaysBeforeExpiry?: number;
    };
    /** Demo only, read by `platformContractModuleDemoHistory`. */
    demo?: {
      /**
       * Fill this many days before today with synthetic history once the
       * first evaluation has run, when the history holds nothing else, so a
       * fresh demo has trends to chart. Never set it on real data.
       */
      historyDays?: number;
    };
    /** Re-evaluation of entities whose catalog definition changed, and evaluation of new ones. */
    catalogChanges?: {
      /** Re-evaluate a changed or new entity soon after the catalog processed it. Default true. */
      reevaluate?: boolean;
      /** Wait this long after a change in the catalog or in pushed facts (the catalog stitches relations meanwhile), batching changes. Default 10. */
      delaySeconds?: number;
    };
    campaigns?: {
      /**
       * The owner teams of entities not done yet are notified on each of these
       * days before a campaign's deadline (only the nearest when several have
       * passed unsent), and once more when it has passed. Default [14, 7, 1].
       */
      reminderDays?: number[];
    };
    /** Facts about files in entities' repositories (at their `backstage.io/source-location`). */
    repositoryFiles?: {
      /**
       * Local folders standing in for repositories under a URL prefix (first
       * match wins), e.g. checkouts for a demo or an air-gapped install. Other
       * locations are read through the UrlReader, so only hosts allowed by the
       * integrations are reached.
       */
      mirrors?: Array<{
        /** Source location prefix, e.g. `https://github.com/acme/`. */
        url: string;
        /** Folder relative to the working directory, e.g. `../../demo/repos/`. */
        path: string;
      }>;
      facts?: Array<{
        /** Fact name, e.g. `repo.readme`. */
        name: string;
        description?: string;
        /** Candidate paths relative to the source location; the first that exists is used. */
        paths: string[];
        /** Dot-separated path into the (YAML or JSON) file; without it the fact is whether any path exists. */
        valuePath?: string;
        /** Declared fact type; defaults to boolean without valuePath, object with it. */
        type?: 'boolean' | 'number' | 'string' | 'datetime' | 'object';
      }>;
    };
  };
}
