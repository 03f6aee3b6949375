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
