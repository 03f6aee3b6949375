import {
  CommitmentCoverage,
  CommitmentReport,
  CommitmentUtilisation,
  CommitmentUtilisationPoint,
  CurrencyConversion,
} from '@groundwork/plugin-cost-common';
import { CommitmentRollup } from './attributeCommitments';

/** A commitment roll-up with its costs already in the answer's currency. */
export type CommitmentRow = Omit<
  CommitmentRollup,
  'billingPeriod' | 'entityRef'
>;

export const COMMITMENT_METHOD =
  'From the FOCUS columns of the billing exports. Utilisation: EffectiveCost of usage with CommitmentDiscountStatus Used ÷ (Used + Unused). Coverage: ListCost (on-demand equivalent) of usage priced Committed ÷ ListCost of usage priced Standard or Committed (unused commitment, spot and other pricing excluded). Savings: ListCost − EffectiveCost of usage priced Committed. Waste: EffectiveCost of Unused rows. Purchases: BilledCost of Purchase rows, cash flow only (their EffectiveCost is 0; their cost is amortised into the rows above).';

const ratio = (part: number, whole: number) =>
  whole > 0 ? part / whole : null;

const isUsage = (row: CommitmentRow) => row.chargeCategory === 'Usage';
const isUsed = (row: CommitmentRow) =>
  isUsage(row) && row.commitmentDiscountStatus === 'Used';
const isUnused = (row: CommitmentRow) =>
  row.commitmentDiscountStatus === 'Unused';
/** Usage a commitment could cover: on-demand or already committed. */
const isEligible = (row: CommitmentRow) =>
  isUsage(row) &&
  !isUnused(row) &&
  (row.pricingCategory === 'Standard' || row.pricingCategory === 'Committed');
const isCovered = (row: CommitmentRow) =>
  isEligible(row) && row.pricingCategory === 'Committed';

function addTo<K>(map: Map<K, number>, key: K, amount: number) {
  map.set(key, (map.get(key) ?? 0) + amount);
}

function utilisationPoints(
  months: string[],
  used: Map<string, number>,
  unused: Map<string, number>,
): CommitmentUtilisationPoint[] {
  return months.map(month => {
    const u = used.get(month) ?? 0;
    const n = unused.get(month) ?? 0;
    return { month, used: u, unused: n, utilisation: ratio(u, u + n) };
  });
}

/**
 * Utilisation, coverage, savings, waste and purchases of converted commitment
 * roll-ups over `months` (every `YYYY-MM` of the answer, in order).
 */
export function commitmentReport(
  rows: CommitmentRow[],
  months: string[],
): Omit<
  CommitmentReport,
  'from' | 'to' | 'utilisationAlertThreshold' | keyof CurrencyConversion
> {
  const used = new Map<string, number>();
  const unused = new Map<string, number>();
  const savings = new Map<string, number>();
  const purchases = new Map<string, number>();
  const coverage = new Map<string, CommitmentCoverage>();
  const commitments = new Map<
    string,
    Omit<CommitmentUtilisation, 'months' | 'utilisation'> & {
      usedByMonth: Map<string, number>;
      unusedByMonth: Map<string, number>;
    }
  >();

  for (const row of rows) {
    if (isEligible(row)) {
      const key = JSON.stringify([row.provider, row.serviceCategory]);
      const item = coverage.get(key) ?? {
        provider: row.provider,
        serviceCategory: row.serviceCategory,
        eligible: 0,
        covered: 0,
        coverage: null,
      };
      item.eligible += row.listCost;
      if (isCovered(row)) item.covered += row.listCost;
      coverage.set(key, item);
    }
    if (row.pricingCategory === 'Committed' && isUsed(row)) {
      addTo(savings, row.month, row.listCost - row.effectiveCost);
    }
    const id = row.commitmentDiscountId;
    if (!id) continue;
    if (row.chargeCategory === 'Purchase') {
      addTo(purchases, row.month, row.billedCost);
      continue;
    }
    let status: 'used' | 'unused';
    if (isUsed(row)) status = 'used';
    else if (isUnused(row)) status = 'unused';
    else continue;
    const commitment = commitments.get(id) ?? {
      commitmentDiscountId: id,
      name: row.commitmentDiscountName,
      type: row.commitmentDiscountType,
      category: row.commitmentDiscountCategory,
      provider: row.provider,
      unit: row.commitmentDiscountUnit,
      used: 0,
      unused: 0,
      usedQuantity: null,
      unusedQuantity: null,
      usedByMonth: new Map(),
      unusedByMonth: new Map(),
    };
    commitments.set(id, commitment);
    commitment.name ??= row.commitmentDiscountName;
    commitment.unit ??= row.commitmentDiscountUnit;
    commitment[status] += row.effectiveCost;
    addTo(
      status === 'used' ? commitment.usedByMonth : commitment.unusedByMonth,
      row.month,
      row.effectiveCost,
    );
    addTo(status === 'used' ? used : unused, row.month, row.effectiveCost);
    if (row.commitmentDiscountQuantity !== null) {
      const key = status === 'used' ? 'usedQuantity' : 'unusedQuantity';
      commitment[key] = (commitment[key] ?? 0) + row.commitmentDiscountQuantity;
    }
  }

  const sum = (values: Iterable<number>) =>
    [...values].reduce((a, b) => a + b, 0);
  const coverageItems = [...coverage.values()]
    .map(item => ({ ...item, coverage: ratio(item.covered, item.eligible) }))
    .sort((a, b) => b.eligible - a.eligible);
  const eligible = sum(coverageItems.map(i => i.eligible));
  const covered = sum(coverageItems.map(i => i.covered));
  const utilisations = [...commitments.values()]
    .map(({ usedByMonth, unusedByMonth, ...commitment }) => ({
      ...commitment,
      utilisation: ratio(commitment.used, commitment.used + commitment.unused),
      months: utilisationPoints(months, usedByMonth, unusedByMonth),
    }))
    .sort(
      (a, b) =>
        (a.utilisation ?? 2) - (b.utilisation ?? 2) ||
        a.commitmentDiscountId.localeCompare(b.commitmentDiscountId),
    );
  const totalUsed = sum(used.values());
  const totalUnused = sum(unused.values());
  return {
    hasData: rows.length > 0,
    utilisation: {
      total: ratio(totalUsed, totalUsed + totalUnused),
      months: utilisationPoints(months, used, unused),
      commitments: utilisations,
    },
    coverage: {
      total: { eligible, covered, coverage: ratio(covered, eligible) },
      items: coverageItems,
    },
    savings: {
      total: sum(savings.values()),
      months: months.map(month => ({
        month,
        savings: savings.get(month) ?? 0,
      })),
    },
    waste: {
      total: totalUnused,
      commitments: utilisations
        .filter(c => c.unused > 0)
        .sort((a, b) => b.unused - a.unused)
        .map(c => ({
          commitmentDiscountId: c.commitmentDiscountId,
          name: c.name,
          provider: c.provider,
          unused: c.unused,
        })),
    },
    purchases: {
      total: sum(purchases.values()),
      months: months.map(month => ({
        month,
        billed: purchases.get(month) ?? 0,
      })),
    },
    method: COMMITMENT_METHOD,
  };
}
