export interface Config {
  permission?: {
    /** Groundwork's reference permission policy. */
    groundworkPolicy?: {
      /**
       * Groups whose members may read and approve everything (e.g. leadership).
       * Defaults to group:default/leadership.
       */
      leadershipGroups?: string[];
      /**
       * Groups whose members administer Groundwork: re-evaluate every entity,
       * trigger billing ingest. Defaults to group:default/platform-team.
       */
      adminGroups?: string[];
    };
  };
}
