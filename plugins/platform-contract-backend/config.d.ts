export interface Config {
  /** Configuration for the Groundwork Platform contract plugin. */
  platformContract?: {
    /**
     * How often the whole catalog is evaluated against the contracts, as an ISO 8601 duration.
     * @visibility frontend
     */
    evaluationInterval?: string;
  };
}
