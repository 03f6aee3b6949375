import {
  BlockingRule,
  EntityContractResult,
  UnknownFactNotice,
} from '@groundwork/plugin-platform-contract-common';
import { CatalogLocations } from './repository';

/** What `groundwork check` found, whatever the output format. */
export interface CheckReport {
  /** `offline`: local contracts; `online`: the backend's check endpoint. */
  mode: 'offline' | 'online';
  entityRef: string;
  failOn: string;
  /** No rule fails at or below `failOn`. */
  passed: boolean;
  /** Every contract that applies (the check endpoint's shape). */
  items: EntityContractResult[];
  /** The failing rules that fail the check under `failOn`. */
  blocking: BlockingRule[];
  /**
   * Ground rules over every contract. `items[].groundRulesMet` is false while
   * a ground rule is unknown (offline: its catalog facts), though none fails.
   */
  groundRules: { failing: number; unknown: number };
  unknownFacts: UnknownFactNotice[];
  locations: CatalogLocations;
}
