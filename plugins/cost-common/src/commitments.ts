import type { Budget, CurrencyConversion } from './types';

/** What to enable when billing exports carry no commitment columns. */
export const NO_COMMITMENT_DATA_ADVICE =
  'No commitment data in your billing exports. Export FOCUS 1.0 or later with the PricingCategory and CommitmentDiscount* columns (AWS Data Exports "FOCUS 1.0 with AWS columns", an Azure Cost Management FOCUS export, the Google Cloud FOCUS BigQuery view); the next ingest reads them.';

/** Utilisation of one month: used ÷ (used + unused) amortised commitment cost. */
export interface CommitmentUtilisationPoint {
  /** `YYYY-MM`. */
  month: string;
  /** EffectiveCost of usage rows with CommitmentDiscountStatus Used. */
  used: number;
  /** EffectiveCost of rows with CommitmentDiscountStatus Unused. */
  unused: number;
  /** `used / (used + unused)`, 0..1; null without commitment cost. */
  utilisation: number | null;
}

/** @public */
export interface CommitmentUtilisation {
  commitmentDiscountId: string;
  name: string | null;
  /** e.g. `Savings Plan`, `Reservation`, `Committed Use Discount`. */
  type: string | null;
  /** `Spend` or `Usage`. */
  category: string | null;
  provider: string;
  used: number;
  unused: number;
  utilisation: number | null;
  /** FOCUS 1.2+ CommitmentDiscountQuantity of Used and Unused rows, in `unit`. */
  usedQuantity: number | null;
  unusedQuantity: number | null;
  unit: string | null;
  months: CommitmentUtilisationPoint[];
}

/** Coverage: list cost of usage priced Committed ÷ list cost of eligible usage. */
export interface CommitmentCoverage {
  provider: string;
  serviceCategory: string;
  /** ListCost (on-demand equivalent) of Usage priced Standard or Committed. */
  eligible: number;
  /** ListCost of that usage priced Committed (CommitmentDiscountStatus Used). */
  covered: number;
  /** 0..1; null without eligible usage. */
  coverage: number | null;
}

/** @public */
export interface CommitmentReport extends CurrencyConversion {
  /** The entity whose costs roll up here; absent for the organisation. */
  entityRef?: string;
  from: string;
  to: string;
  /** False when no row in range carries a pricing category or commitment. */
  hasData: boolean;
  /** {@link NO_COMMITMENT_DATA_ADVICE} when `hasData` is false. */
  advice?: string;
  utilisation: {
    total: CommitmentUtilisation['utilisation'];
    months: CommitmentUtilisationPoint[];
    /** Lowest utilisation first. */
    commitments: CommitmentUtilisation[];
  };
  coverage: {
    total: Omit<CommitmentCoverage, 'provider' | 'serviceCategory'>;
    /** Per provider and service category, most eligible cost first. */
    items: CommitmentCoverage[];
  };
  savings: {
    /** ListCost − EffectiveCost of usage priced Committed and Used. */
    total: number;
    months: { month: string; savings: number }[];
  };
  waste: {
    /** EffectiveCost of Unused commitment rows. */
    total: number;
    /** Most wasted first; only commitments with unused cost. */
    commitments: {
      commitmentDiscountId: string;
      name: string | null;
      provider: string;
      unused: number;
    }[];
  };
  /**
   * BilledCost of commitment purchases (ChargeCategory Purchase), shown for
   * cash flow only: their EffectiveCost is 0 and their cost is already in
   * the amortised usage above, so it is never added to it.
   */
  purchases: { total: number; months: { month: string; billed: number }[] };
  /**
   * `cost.commitments.utilisationAlertThreshold` as a share (0..1): a
   * commitment used below it is under-used (and notifies the platform team).
   */
  utilisationAlertThreshold: number;
  /** How each figure is computed, for display. */
  method: string;
}

/** Spend projected to the end of a period (quarter or fiscal year). */
export interface OpexPeriodProjection {
  /** `YYYY-MM-DD`, inclusive. */
  start: string;
  /** `YYYY-MM-DD`, inclusive. */
  end: string;
  /** e.g. `FY2026 Q3` or `FY2026`. */
  label: string;
  actual: number;
  projectedRemainder: number;
  projected: number;
  /** Annual budget (fiscal year) or monthly budget × months (quarter), converted. */
  budget?: number;
  /** Where `budget` comes from. */
  budgetSource?: 'annual' | 'monthly';
  overBudget?: boolean;
}

/** @public */
export interface OpexProjection extends CurrencyConversion {
  entityRef: string;
  /** Last day with billing data the projection starts from. */
  lastDataDay: string | null;
  runRateDays: number;
  /** Mean daily cost over the last `runRateDays` days with data. */
  runRate: number;
  /** Month-over-month growth of the last two whole months (0.05 = +5%), capped. */
  monthOverMonth: number | null;
  fiscalYearStartMonth: number;
  quarter: OpexPeriodProjection;
  fiscalYear: OpexPeriodProjection;
  monthlyBudget?: Budget;
  annualBudget?: Budget;
  /** Why a budget could not be compared (a missing rate), with the fix. */
  budgetNotComparable?: string;
  method: string;
}
