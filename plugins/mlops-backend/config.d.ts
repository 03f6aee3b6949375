export interface Config {
  /** Configuration for the Groundwork MLOps plugin. */
  mlops?: {
    /**
     * MLflow tracking servers. An entity picks one by name with the
     * `groundwork.dev/mlflow-server` annotation; the first is the default.
     */
    mlflow?: {
      servers?: Array<{
        /** The name entities refer to. */
        name: string;
        /** Base URL of the tracking server, e.g. https://mlflow.example.com */
        baseUrl: string;
      }>;
    };
  };
}
