export interface Config {
  /** Configuration for the Groundwork MLOps plugin. */
  mlops?: {
    /**
     * MLflow tracking servers. An entity picks one by name with the
     * `groundwork.dev/mlflow-server` annotation; the first is the default.
     * Annotations can only name a server, never supply a URL.
     */
    mlflow?: {
      servers?: Array<{
        /** The name entities refer to. */
        name: string;
        /** Base URL of the tracking server, e.g. https://mlflow.example.com */
        baseUrl: string;
        /**
         * Bearer token sent to the tracking server (e.g. a Databricks PAT).
         * @visibility secret
         */
        token?: string;
        /** HTTP basic auth (MLflow's basic-auth app). Ignored when a token is set. */
        basicAuth?: {
          username: string;
          /** @visibility secret */
          password: string;
        };
        /** Timeout of one request attempt in milliseconds (default 10000). */
        timeoutMs?: number;
        /** Extra attempts for failed reads: timeouts, connection errors, 429, 5xx (default 2). */
        retries?: number;
        /**
         * Requests in flight to this server at once, across all callers
         * (default 4); the others wait their turn.
         */
        maxConcurrentRequests?: number;
        /**
         * Points read of one metric history at most (default 200000); a
         * longer history is cut there and marked `truncated`.
         */
        maxPointsPerSeries?: number;
        /**
         * Whether an experiment or registered model whose MLflow tag
         * `groundwork.dev/owner` names the entity's owner group (or the
         * entity itself) may be shown by that entity (default true). Only
         * someone who may edit it in MLflow, and so read it, can set the tag.
         * Set false where MLflow tags are not access-controlled the way the
         * data is, and bind names with `access` rules only.
         */
        trustOwnerTag?: boolean;
        /**
         * Names bound to owner groups by the platform team: entities owned
         * by `owner` may show experiments and registered models whose names
         * start with one of the prefixes. An annotation naming an experiment
         * or model bound neither by a rule nor by its owner tag is refused
         * (its data is not read for the entity).
         */
        access?: Array<{
          /** A group ref, e.g. group:default/ml-team. */
          owner: string;
          experimentPrefixes?: string[];
          modelPrefixes?: string[];
        }>;
      }>;
    };
    /** How long cached tracking data lives, in seconds. */
    cache?: {
      /** Experiment name → id resolutions (default 300). */
      experimentTtlSeconds?: number;
      /** Metric histories of finished runs, which never change (default 86400). */
      finishedHistoryTtlSeconds?: number;
    };
  };
}
