import { EmulatorFixtures, FixtureRun } from './types';

/** Options for {@link syntheticFixtures}. */
export interface SyntheticOptions {
  /** Number of runs (default 10,000). */
  runs?: number;
  /** Params per run (default 50). */
  params?: number;
  /** Metrics per run (default 20). */
  metrics?: number;
  /** History length of each run's `loss` metric; other metrics log one value (default 100). */
  lossSteps?: number;
  experimentId?: string;
  experimentName?: string;
  /**
   * Tags the experiment `groundwork.dev/owner` with this entity ref, which
   * binds it to that owner's entities in the MLOps backend.
   */
  owner?: string;
}

/** A deterministic pseudo-random generator (mulberry32). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A large deterministic experiment for benchmarks: by default 10,000 runs with
 * 50 params and 20 metrics each (`m0`…`m19`, one value each, plus a `loss`
 * history).
 */
export function syntheticFixtures(
  options: SyntheticOptions = {},
): EmulatorFixtures {
  const {
    runs = 10000,
    params = 50,
    metrics = 20,
    lossSteps = 100,
    experimentId = '9000',
    experimentName = 'synthetic-benchmark',
    owner,
  } = options;
  const random = seededRandom(42);
  const start = Date.UTC(2026, 0, 1);
  const fixtureRuns: FixtureRun[] = [];
  for (let r = 0; r < runs; r++) {
    const runStart = start + r * 60_000;
    const p: Record<string, string> = {};
    for (let i = 0; i < params; i++) {
      p[`p${i}`] = String(Math.floor(random() * 10));
    }
    const m: FixtureRun['metrics'] = {};
    for (let i = 0; i < metrics; i++) {
      m[`m${i}`] = [[0, runStart + 50_000, Math.round(random() * 1e6) / 1e6]];
    }
    const scale = 0.5 + random();
    m.loss = Array.from({ length: lossSteps }, (_, step) => [
      step,
      runStart + step * 100,
      Math.round((scale * Math.exp(-step / 30) + random() * 0.05) * 1e5) / 1e5,
    ]);
    fixtureRuns.push({
      run_id: `synthetic${String(r).padStart(23, '0')}`,
      experiment_id: experimentId,
      run_name: `synthetic-${r}`,
      status: 'FINISHED',
      start_time: runStart,
      end_time: runStart + 55_000,
      params: p,
      tags: { 'mlflow.runName': `synthetic-${r}` },
      metrics: m,
    });
  }
  return {
    experiments: [
      {
        experiment_id: experimentId,
        name: experimentName,
        creation_time: start,
        last_update_time: start + runs * 60_000,
        ...(owner ? { tags: { 'groundwork.dev/owner': owner } } : {}),
      },
    ],
    runs: fixtureRuns,
  };
}

/** Combines fixture sets (e.g. the demo fixtures plus a synthetic experiment). */
export function mergeFixtures(...sets: EmulatorFixtures[]): EmulatorFixtures {
  return {
    experiments: sets.flatMap(s => s.experiments),
    runs: sets.flatMap(s => s.runs),
    registered_models: sets.flatMap(s => s.registered_models ?? []),
  };
}
