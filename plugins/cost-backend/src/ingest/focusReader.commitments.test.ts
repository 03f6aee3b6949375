import { createMockDirectory } from '@backstage/backend-test-utils';
import { FOCUS_SAMPLE, parseCsv } from '../__fixtures__/csv';
import { readFocusFile } from './focusReader';

jest.setTimeout(60_000);

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/** A FOCUS 1.2/1.3 export: ServiceProviderName, commitment quantity and unit. */
const FOCUS_13 = [
  'BilledCost,EffectiveCost,ListCost,BillingCurrency,BillingPeriodStart,ChargePeriodStart,ChargeCategory,ServiceCategory,ServiceName,ServiceProviderName,PricingCategory,CommitmentDiscountId,CommitmentDiscountName,CommitmentDiscountCategory,CommitmentDiscountType,CommitmentDiscountStatus,CommitmentDiscountQuantity,CommitmentDiscountUnit',
  // the purchase: billed, never effective (amortised into the rows below)
  '300,0,300,USD,2026-03-01,2026-03-01T00:00:00Z,Purchase,Compute,EC2,AWS,Standard,sp-1,Compute SP,Spend,Savings Plan,,300,USD',
  '0,6,10,USD,2026-03-01,2026-03-01T00:00:00Z,Usage,Compute,EC2,AWS,Committed,sp-1,Compute SP,Spend,Savings Plan,Used,6,USD',
  '0,4,7,USD,2026-03-01,2026-03-01T01:00:00Z,Usage,Compute,EC2,AWS,Committed,sp-1,Compute SP,Spend,Savings Plan,Used,4,USD',
  '0,2,2,USD,2026-03-01,2026-03-01T02:00:00Z,Usage,Compute,EC2,AWS,Committed,sp-1,Compute SP,Spend,Savings Plan,Unused,2,USD',
  '5,5,5,USD,2026-03-01,2026-03-01T03:00:00Z,Usage,Compute,EC2,AWS,Standard,,,,,,,',
  '1,1,1,USD,2026-03-01,2026-03-01T03:00:00Z,Tax,Compute,EC2,AWS,,,,,,,,',
].join('\n');

describe('readFocusFile commitment columns', () => {
  const dir = createMockDirectory();

  it('keeps the FOCUS 1.0 sample commitment rows, as an independent parse counts them', async () => {
    const rows = parseCsv(FOCUS_SAMPLE);
    const { commitments } = await readFocusFile({
      file: FOCUS_SAMPLE,
      displayName: 'sample',
      tagKeys: [],
    });
    const byPricing = (category: string) =>
      rows.filter(r => r.PricingCategory === category);
    for (const category of ['Standard', 'Committed', 'Other']) {
      const expected = byPricing(category);
      expect(expected.length).toBeGreaterThan(0);
      const groups = commitments.filter(g => g.pricingCategory === category);
      for (const [column, key] of [
        ['ListCost', 'listCost'],
        ['EffectiveCost', 'effectiveCost'],
        ['BilledCost', 'billedCost'],
      ] as const) {
        expect(sum(groups.map(g => g[key]))).toBeCloseTo(
          sum(expected.map(r => Number(r[column]))),
          9,
        );
      }
    }
    // The sample's four savings plan rows: two plans, all Used, Spend based.
    const planRows = rows.filter(r => r.CommitmentDiscountId);
    expect(planRows).toHaveLength(4);
    const planGroups = commitments.filter(g => g.commitmentDiscountId);
    expect(new Set(planGroups.map(g => g.commitmentDiscountId))).toEqual(
      new Set(planRows.map(r => r.CommitmentDiscountId)),
    );
    expect(planGroups.every(g => g.commitmentDiscountStatus === 'Used')).toBe(
      true,
    );
    expect(
      planGroups.every(g => g.commitmentDiscountType === 'Savings Plan'),
    ).toBe(true);
    expect(sum(planGroups.map(g => g.listCost))).toBeCloseTo(
      sum(planRows.map(r => Number(r.ListCost))),
      9,
    );
    // FOCUS 1.0 has no quantity column
    expect(commitments.every(g => g.commitmentDiscountQuantity === null)).toBe(
      true,
    );
    // Oracle's empty pricing category is no pricing category
    expect(commitments.some(g => g.provider === 'Oracle')).toBe(false);
  });

  it('reads FOCUS 1.2+ quantity and unit, purchases and unused rows', async () => {
    dir.setContent({ 'focus13.csv': FOCUS_13 });
    const { commitments, groups } = await readFocusFile({
      file: dir.resolve('focus13.csv'),
      displayName: 'focus13',
      tagKeys: [],
    });
    const find = (chargeCategory: string, status: string | null) =>
      commitments.filter(
        g =>
          g.chargeCategory === chargeCategory &&
          g.commitmentDiscountStatus === status,
      );
    expect(find('Purchase', null)).toEqual([
      expect.objectContaining({
        month: '2026-03',
        provider: 'AWS',
        pricingCategory: 'Standard',
        commitmentDiscountId: 'sp-1',
        billedCost: 300,
        effectiveCost: 0,
        commitmentDiscountQuantity: 300,
        commitmentDiscountUnit: 'USD',
      }),
    ]);
    expect(find('Usage', 'Used')).toEqual([
      expect.objectContaining({
        commitmentDiscountName: 'Compute SP',
        commitmentDiscountCategory: 'Spend',
        effectiveCost: 10,
        listCost: 17,
        commitmentDiscountQuantity: 10,
      }),
    ]);
    expect(find('Usage', 'Unused')).toEqual([
      expect.objectContaining({ effectiveCost: 2, listCost: 2 }),
    ]);
    expect(find('Usage', null)).toEqual([
      expect.objectContaining({ pricingCategory: 'Standard', listCost: 5 }),
    ]);
    // Tax has neither column: not a commitment group, still ingested
    expect(commitments.some(g => g.chargeCategory === 'Tax')).toBe(false);
    expect(sum(groups.map(g => g.effectiveCost))).toBe(18);
  });

  it('ingests files without commitment columns, with no commitment groups', async () => {
    dir.setContent({
      'plain.csv': [
        'BilledCost,EffectiveCost,ListCost,BillingCurrency,BillingPeriodStart,ChargePeriodStart,ChargeCategory,ServiceCategory,ServiceName,ProviderName',
        '5,5,5,USD,2026-03-01,2026-03-01T03:00:00Z,Usage,Compute,EC2,AWS',
      ].join('\n'),
    });
    const result = await readFocusFile({
      file: dir.resolve('plain.csv'),
      displayName: 'plain',
      tagKeys: [],
    });
    expect(result.commitments).toEqual([]);
    expect(result.groups).toHaveLength(1);
  });

  it('names the row of a quantity that is not a number', async () => {
    dir.setContent({
      'bad.csv': FOCUS_13.replace(',6,USD', ',six,USD'),
    });
    await expect(
      readFocusFile({
        file: dir.resolve('bad.csv'),
        displayName: 'bad',
        tagKeys: [],
      }),
    ).rejects.toThrow(
      'bad: row 2, column CommitmentDiscountQuantity: "six" is not a number',
    );
  });
});
