import { Campaign } from '@groundwork/plugin-platform-contract-common';

/**
 * An entity's standing as stored: `open` (not done) becomes `pending` or
 * `late` depending on the deadline when read.
 */
export type CampaignEntityState = 'done' | 'open' | 'unknown';

export interface StoredCampaign extends Campaign {
  /** When the progress rows were last computed; absent before the first time. */
  progressUpdatedAt?: string;
}

/** One targeted entity, as computed from the latest results. */
export interface CampaignProgressInput {
  entityRef: string;
  owner: string | null;
  state: CampaignEntityState;
}

export interface CampaignProgressRow extends CampaignProgressInput {
  doneAt?: string;
}

/** How many of a campaign's entities owned by one team are in one state. */
export interface CampaignStateCount {
  campaignId: string;
  owner: string | null;
  state: CampaignEntityState;
  count: number;
}

export interface CampaignStore {
  /** Every campaign not retired, by deadline then id. */
  listCampaigns(): Promise<StoredCampaign[]>;
  /** A campaign not retired. */
  getCampaign(id: string): Promise<StoredCampaign | undefined>;
  /** Inserts a campaign; false when one with the id already exists (retired ones count). */
  insertCampaign(campaign: Campaign): Promise<boolean>;
  /**
   * Makes these the active `contract`-sourced campaigns, idempotently across
   * replicas starting at once: inserts new ones, updates existing ones
   * (keeping `createdAt` and progress, restoring retired ones) and retires,
   * never deletes, those no longer declared (a replica with older YAML must
   * not lose newer campaigns' progress and reminder claims). Campaigns
   * created over the API are left alone; a declared campaign whose id an API
   * campaign already has is skipped. Returns the ids skipped and retired.
   */
  syncContractCampaigns(
    campaigns: Campaign[],
    now: string,
  ): Promise<{ skipped: string[]; retired: string[] }>;
  /** Deletes a campaign with its progress and reminders; false when there was none. */
  deleteCampaign(id: string): Promise<boolean>;

  /**
   * Replaces a campaign's progress with the entities now targeted. An entity
   * done now keeps the time it was first seen done, or gets `now` if it was
   * not done before.
   */
  replaceProgress(
    campaignId: string,
    rows: CampaignProgressInput[],
    now: string,
    /** Replace only this entity's progress. */
    entityRef?: string,
  ): Promise<void>;
  /** Entity counts per campaign, owner and state (all campaigns when no ids are given). */
  countProgress(campaignIds?: string[]): Promise<CampaignStateCount[]>;
  /** A page of a campaign's entities: not done first, then by owner and entity. */
  listProgress(
    campaignId: string,
    page: { limit: number; offset: number },
  ): Promise<{ items: CampaignProgressRow[]; total: number }>;

  /**
   * Records that a reminder is being sent; false when it already was (by
   * this or another replica), so each reminder goes out once.
   */
  claimReminder(
    campaignId: string,
    reminder: string,
    sentAt: string,
  ): Promise<boolean>;
}
