import { prune } from './app';
import { loadDemoFixtures } from './emulator';
import { EmulatorStore } from './store';
import { mergeFixtures, syntheticFixtures } from './synthetic';
import { FixtureMetricPoint } from './types';

/** A metric key whose UTF-8 bytes outnumber its characters. */
const UNICODE_KEY = 'verlust/größe ✓';

describe('EmulatorStore', () => {
  const synthetic = syntheticFixtures({ runs: 30, lossSteps: 250 });
  synthetic.runs[3].metrics![UNICODE_KEY] = Array.from(
    { length: 20 },
    (_, step): FixtureMetricPoint => [
      step,
      1000 + step,
      step === 11 ? 'NaN' : 1 / (step + 1),
    ],
  );
  const store = new EmulatorStore(mergeFixtures(loadDemoFixtures(), synthetic));

  it('serves metric history JSON exactly like the pruned history objects', () => {
    const fixtures = loadDemoFixtures();
    const cases = [
      ...fixtures.runs.flatMap(run =>
        Object.keys(run.metrics ?? {}).map(metricKey => ({
          runId: run.run_id,
          metricKey,
        })),
      ),
      { runId: 'synthetic00000000000000000000003', metricKey: 'loss' },
      { runId: 'synthetic00000000000000000000003', metricKey: 'absent' },
      { runId: 'synthetic00000000000000000000003', metricKey: UNICODE_KEY },
    ];
    expect(cases.length).toBeGreaterThan(10);
    for (const c of cases) {
      for (const maxResults of [undefined, 1, 7, 100]) {
        let pageToken: string | undefined;
        do {
          const request = { ...c, maxResults, pageToken };
          const objects = store.getMetricHistory(request);
          expect(
            JSON.parse(
              Buffer.concat(store.getMetricHistoryJson(request)).toString(),
            ),
          ).toEqual(prune(objects));
          pageToken = objects.next_page_token;
        } while (pageToken);
      }
    }
  });

  it('keeps non-finite values as MLflow strings in history JSON', () => {
    const diverged = loadDemoFixtures().runs.find(
      r => r.run_name === 'lgbm-lr-0.5',
    )!;
    const body = JSON.parse(
      Buffer.concat(
        store.getMetricHistoryJson({
          runId: diverged.run_id,
          metricKey: 'val_loss',
        }),
      ).toString(),
    );
    expect(body.metrics.map((m: any) => m.value)).toEqual(
      expect.arrayContaining(['NaN', 'Infinity']),
    );
  });

  it('sorts runs by a metric with missing values last and a stable tiebreak', () => {
    const all = store.searchRuns({
      experimentIds: ['9000'],
      maxResults: 1000,
      orderBy: ['metrics.m0 DESC'],
    }).runs as any[];
    const m0 = all.map(
      r => r.data.metrics.find((m: any) => m.key === 'm0').value,
    );
    expect(m0).toEqual([...m0].sort((a, b) => b - a));
    const paged: any[] = [];
    let pageToken: string | undefined;
    do {
      const page = store.searchRuns({
        experimentIds: ['9000'],
        maxResults: 7,
        orderBy: ['metrics.m0 DESC'],
        pageToken,
      });
      paged.push(...page.runs);
      pageToken = page.next_page_token;
    } while (pageToken);
    expect(paged.map(r => r.info.run_id)).toEqual(all.map(r => r.info.run_id));
  });
});
