export interface Config {
  /** Configuration for the Groundwork Cost plugin. */
  cost?: {
    /**
     * How often billing sources are ingested, as an ISO 8601 duration.
     */
    ingestInterval?: string;
  };
}
