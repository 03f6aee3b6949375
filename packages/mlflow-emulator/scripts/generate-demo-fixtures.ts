/*
 * Regenerates fixtures/demo.json (deterministic). Run with
 * `yarn workspace @groundwork/mlflow-emulator generate-fixtures`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { seededRandom } from '../src/synthetic';
import {
  EmulatorFixtures,
  FixtureArtifact,
  FixtureDataset,
  FixtureMetricPoint,
  FixtureRun,
  FixtureRunStatus,
} from '../src/types';

const random = seededRandom(20261124);
const hex = (length: number) =>
  Array.from({ length }, () => Math.floor(random() * 16).toString(16)).join('');
const round = (v: number) => Number(v.toPrecision(5));
const noise = (scale: number) => (random() + random() + random() - 1.5) * scale;

const DAY = 86_400_000;
const base = Date.UTC(2026, 9, 1, 8, 0, 0);

const REPOS = {
  zoommap: 'https://github.com/acme/zoommap-max',
  churn: 'https://github.com/acme/churn-predictor',
};
const commits = {
  zoommap: [hex(40), hex(40), hex(40), hex(40)],
  churn: [hex(40), hex(40), hex(40)],
};

/** A training curve: exponential decay to a floor, with noise. */
function curve(options: {
  steps: number;
  start: number;
  floor: number;
  tau: number;
  noise: number;
  t0: number;
  msPerStep: number;
  divergeAt?: number;
}): FixtureMetricPoint[] {
  const points: FixtureMetricPoint[] = [];
  for (let step = 0; step < options.steps; step++) {
    const t = options.t0 + step * options.msPerStep + Math.floor(random() * 40);
    if (options.divergeAt !== undefined && step >= options.divergeAt) {
      const blowUp = step - options.divergeAt;
      let value: FixtureMetricPoint[2] = 'NaN';
      if (blowUp < 3) value = round(10 ** (blowUp + 2));
      else if (blowUp < 5) value = 'Infinity';
      points.push([step, t, value]);
      continue;
    }
    const v =
      options.floor +
      (options.start - options.floor) * Math.exp(-step / options.tau) +
      noise(options.noise);
    points.push([step, t, round(Math.max(v, options.floor * 0.5))]);
  }
  return points;
}

const artifacts = (extra: FixtureArtifact[] = []): FixtureArtifact[] => [
  { path: 'model/MLmodel', file_size: 512 + Math.floor(random() * 200) },
  {
    path: 'model/model.pkl',
    file_size: 2_000_000 + Math.floor(random() * 3e6),
  },
  { path: 'model/requirements.txt', file_size: 180 },
  { path: 'model/conda.yaml', file_size: 240 },
  { path: 'plots/loss.png', file_size: 40_000 + Math.floor(random() * 9000) },
  ...extra,
];

function gitTags(
  repo: keyof typeof REPOS,
  commit: string,
  user: string,
  name: string,
) {
  return {
    'mlflow.source.git.repoURL': REPOS[repo],
    'mlflow.source.git.commit': commit,
    'mlflow.source.git.branch': 'main',
    'mlflow.source.name': repo === 'zoommap' ? 'train_eta.py' : 'train.py',
    'mlflow.source.type': 'LOCAL',
    'mlflow.user': user,
    'mlflow.runName': name,
  };
}

const runs: FixtureRun[] = [];

// ---- ZoomMapMax: ETA forecasting -------------------------------------------

const tripsDatasets = (
  month: string,
  digest: string,
  rows: number,
): FixtureDataset[] => [
  {
    name: `zoommap-trips-${month}`,
    digest,
    source_type: 's3',
    source: JSON.stringify({
      uri: `s3://acme-ml-data/zoommap/trips/${month}/train.parquet`,
    }),
    schema: JSON.stringify({
      mlflow_colspec: [
        { type: 'double', name: 'distance_km' },
        { type: 'long', name: 'hour_of_day' },
        { type: 'string', name: 'city' },
        { type: 'double', name: 'traffic_index' },
        { type: 'double', name: 'eta_minutes' },
      ],
    }),
    profile: JSON.stringify({ num_rows: rows, num_elements: rows * 5 }),
    tags: { 'mlflow.data.context': 'training' },
  },
  {
    name: `zoommap-trips-${month}-holdout`,
    digest: digest.split('').reverse().join(''),
    source_type: 's3',
    source: JSON.stringify({
      uri: `s3://acme-ml-data/zoommap/trips/${month}/holdout.parquet`,
    }),
    profile: JSON.stringify({ num_rows: Math.round(rows / 9) }),
    tags: { 'mlflow.data.context': 'evaluation' },
  },
];

const zoommapConfigs: Array<{
  name: string;
  model: string;
  lr: number;
  depth: number;
  leaves: number;
  commit: number;
  month: string;
  status: FixtureRunStatus;
  floor: number;
  divergeAt?: number;
  user: string;
}> = [
  {
    name: 'baseline-linear',
    model: 'ridge',
    lr: 0.1,
    depth: 0,
    leaves: 0,
    commit: 0,
    month: '2026-08',
    status: 'FINISHED',
    floor: 0.42,
    user: 'maria.tempe',
  },
  {
    name: 'lgbm-first-cut',
    model: 'lightgbm',
    lr: 0.1,
    depth: 6,
    leaves: 31,
    commit: 0,
    month: '2026-08',
    status: 'FINISHED',
    floor: 0.27,
    user: 'maria.tempe',
  },
  {
    name: 'lgbm-traffic-features',
    model: 'lightgbm',
    lr: 0.05,
    depth: 8,
    leaves: 63,
    commit: 1,
    month: '2026-09',
    status: 'FINISHED',
    floor: 0.19,
    user: 'maria.tempe',
  },
  {
    name: 'xgb-traffic-features',
    model: 'xgboost',
    lr: 0.05,
    depth: 8,
    leaves: 0,
    commit: 1,
    month: '2026-09',
    status: 'FINISHED',
    floor: 0.2,
    user: 'tom.tempe',
  },
  {
    name: 'lgbm-lr-0.5',
    model: 'lightgbm',
    lr: 0.5,
    depth: 8,
    leaves: 63,
    commit: 1,
    month: '2026-09',
    status: 'FAILED',
    floor: 0.3,
    divergeAt: 140,
    user: 'tom.tempe',
  },
  {
    name: 'lgbm-weather-join',
    model: 'lightgbm',
    lr: 0.03,
    depth: 10,
    leaves: 127,
    commit: 2,
    month: '2026-10',
    status: 'FINISHED',
    floor: 0.155,
    user: 'maria.tempe',
  },
  {
    name: 'lgbm-weather-join-v2',
    model: 'lightgbm',
    lr: 0.03,
    depth: 10,
    leaves: 255,
    commit: 3,
    month: '2026-10',
    status: 'FINISHED',
    floor: 0.149,
    user: 'maria.tempe',
  },
  {
    name: 'lgbm-nightly',
    model: 'lightgbm',
    lr: 0.03,
    depth: 10,
    leaves: 255,
    commit: 3,
    month: '2026-11',
    status: 'RUNNING',
    floor: 0.15,
    user: 'ci-bot',
  },
];
const monthDigests: Record<string, string> = {};
const zoommapRunIds: string[] = [];
zoommapConfigs.forEach((c, i) => {
  const runId = hex(32);
  zoommapRunIds.push(runId);
  const t0 = base + i * 3 * DAY;
  const steps = c.status === 'RUNNING' ? 180 : 400;
  const msPerStep = 1500;
  monthDigests[c.month] ??= hex(8);
  const train = curve({
    steps,
    start: 2.4,
    floor: c.floor * 0.9,
    tau: 45 / (c.lr * 10 + 0.5),
    noise: 0.02,
    t0,
    msPerStep,
    divergeAt: c.divergeAt,
  });
  const val = curve({
    steps,
    start: 2.5,
    floor: c.floor,
    tau: 50 / (c.lr * 10 + 0.5),
    noise: 0.03,
    t0: t0 + 500,
    msPerStep,
    divergeAt: c.divergeAt,
  });
  const finished = c.status !== 'RUNNING';
  const last = t0 + steps * msPerStep + 2000;
  const mae = round(c.floor * 11.5 + noise(0.05));
  const params: Record<string, string> = {
    model_type: c.model,
    learning_rate: String(c.lr),
    n_estimators: '400',
    feature_set: ['v1-basic', 'v2-traffic', 'v3-weather', 'v3-weather'][
      c.commit
    ],
    seed: '7',
  };
  if (c.depth) params.max_depth = String(c.depth);
  if (c.leaves) params.num_leaves = String(c.leaves);
  runs.push({
    run_id: runId,
    experiment_id: '1',
    run_name: c.name,
    status: c.status,
    start_time: t0,
    end_time: finished ? last : undefined,
    user_id: c.user,
    params,
    tags: {
      ...gitTags('zoommap', commits.zoommap[c.commit], c.user, c.name),
      team: 'TempeAI',
      ...(c.status === 'FAILED'
        ? { 'mlflow.note.content': 'Diverged: learning rate too high.' }
        : {}),
    },
    metrics: {
      train_loss: train,
      val_loss: val,
      ...(finished && c.status === 'FINISHED'
        ? {
            val_mae_minutes: [[steps - 1, last, mae]],
            val_rmse_minutes: [[steps - 1, last, round(mae * 1.38)]],
            val_r2: [[steps - 1, last, round(0.97 - c.floor * 0.4)]],
          }
        : {}),
    },
    datasets: tripsDatasets(
      c.month,
      monthDigests[c.month],
      1_284_211 + i * 91_337,
    ),
    artifacts: finished
      ? artifacts([{ path: 'feature_importance.json', file_size: 2048 }])
      : [],
  });
});

// ---- churn-predictor: main experiment --------------------------------------

const customersDataset = (
  snapshot: string,
  digest: string,
): FixtureDataset[] => [
  {
    name: `crm.customers_${snapshot}`,
    digest,
    source_type: 'delta_table',
    source: JSON.stringify({
      delta_table_name: `crm.customers_${snapshot}`,
      delta_table_version: 12,
    }),
    profile: JSON.stringify({ num_rows: 482_113 }),
    tags: { 'mlflow.data.context': 'training' },
  },
];
const churnConfigs = [
  {
    name: 'logreg-baseline',
    model: 'logistic_regression',
    lr: 0.1,
    depth: 0,
    commit: 0,
    auc: 0.78,
  },
  {
    name: 'gbm-v1',
    model: 'gradient_boosting',
    lr: 0.1,
    depth: 4,
    commit: 0,
    auc: 0.84,
  },
  {
    name: 'gbm-v2-tenure',
    model: 'gradient_boosting',
    lr: 0.05,
    depth: 5,
    commit: 1,
    auc: 0.871,
  },
  {
    name: 'gbm-v3-usage',
    model: 'gradient_boosting',
    lr: 0.05,
    depth: 6,
    commit: 1,
    auc: 0.883,
  },
  {
    name: 'gbm-v3-usage-retrain',
    model: 'gradient_boosting',
    lr: 0.05,
    depth: 6,
    commit: 2,
    auc: 0.886,
  },
];
const churnRunIds: string[] = [];
const churnDigest = hex(8);
churnConfigs.forEach((c, i) => {
  const runId = hex(32);
  churnRunIds.push(runId);
  const t0 = base + 2 * DAY + i * 4 * DAY;
  const steps = 300;
  const last = t0 + steps * 1000 + 1500;
  const loss = 0.69 - (c.auc - 0.5) * 0.9;
  runs.push({
    run_id: runId,
    experiment_id: '2',
    run_name: c.name,
    status: 'FINISHED',
    start_time: t0,
    end_time: last,
    user_id: 'lena.vienna',
    params: {
      model_type: c.model,
      learning_rate: String(c.lr),
      ...(c.depth ? { max_depth: String(c.depth) } : {}),
      class_weight: 'balanced',
      features: c.commit >= 1 ? 'tenure,usage,billing' : 'billing',
    },
    tags: {
      ...gitTags('churn', commits.churn[c.commit], 'lena.vienna', c.name),
      team: 'ViennaAI',
    },
    metrics: {
      train_loss: curve({
        steps,
        start: 0.69,
        floor: loss * 0.92,
        tau: 40,
        noise: 0.008,
        t0,
        msPerStep: 1000,
      }),
      val_loss: curve({
        steps,
        start: 0.7,
        floor: loss,
        tau: 45,
        noise: 0.01,
        t0: t0 + 300,
        msPerStep: 1000,
      }),
      auc: [[steps - 1, last, c.auc]],
      f1: [[steps - 1, last, round(c.auc - 0.17)]],
      accuracy: [[steps - 1, last, round(c.auc + 0.03)]],
    },
    datasets: customersDataset('2026_10', churnDigest),
    artifacts: artifacts(),
  });
});

// ---- churn-predictor-sweeps: a hyperparameter sweep with nested runs --------

const sweepStart = base + 20 * DAY;
const parentId = hex(32);
runs.push({
  run_id: parentId,
  experiment_id: '3',
  run_name: 'optuna-sweep-2026-10-21',
  status: 'FINISHED',
  start_time: sweepStart,
  end_time: sweepStart + 13 * 240_000,
  user_id: 'lena.vienna',
  params: { sampler: 'TPE', n_trials: '12', objective: 'val_auc' },
  tags: {
    ...gitTags(
      'churn',
      commits.churn[2],
      'lena.vienna',
      'optuna-sweep-2026-10-21',
    ),
    team: 'ViennaAI',
  },
  metrics: { best_val_auc: [[0, sweepStart + 13 * 240_000, 0.893]] },
  datasets: customersDataset('2026_10', churnDigest),
});
let bestChild = '';
let bestAuc = 0;
for (let trial = 0; trial < 12; trial++) {
  const runId = hex(32);
  const lr = [0.01, 0.02, 0.05, 0.1][trial % 4];
  const depth = 3 + (trial % 5);
  const subsample = [0.6, 0.8, 1.0][trial % 3];
  const auc = round(
    0.893 -
      Math.abs(lr - 0.02) * 0.3 -
      Math.abs(depth - 6) * 0.006 -
      Math.abs(subsample - 0.8) * 0.02 +
      noise(0.002),
  );
  if (auc > bestAuc) {
    bestAuc = auc;
    bestChild = runId;
  }
  const t0 = sweepStart + trial * 240_000;
  const steps = 200;
  runs.push({
    run_id: runId,
    experiment_id: '3',
    run_name: `trial-${trial}`,
    status: 'FINISHED',
    start_time: t0,
    end_time: t0 + steps * 1000,
    user_id: 'lena.vienna',
    params: {
      model_type: 'gradient_boosting',
      learning_rate: String(lr),
      max_depth: String(depth),
      subsample: String(subsample),
      class_weight: 'balanced',
    },
    tags: {
      ...gitTags('churn', commits.churn[2], 'lena.vienna', `trial-${trial}`),
      'mlflow.parentRunId': parentId,
      team: 'ViennaAI',
    },
    metrics: {
      val_auc: curve({
        steps,
        start: 0.5,
        floor: auc,
        tau: 30,
        noise: 0.004,
        t0,
        msPerStep: 1000,
      }).map(
        ([s, t, v]) =>
          [
            s,
            t,
            round(
              auc -
                ((v as number) - auc) * 0.3 -
                (auc - 0.5) * Math.exp(-s / 30),
            ),
          ] as FixtureMetricPoint,
      ),
      val_loss: curve({
        steps,
        start: 0.7,
        floor: 0.69 - (auc - 0.5) * 0.9,
        tau: 35,
        noise: 0.006,
        t0,
        msPerStep: 1000,
      }),
      auc: [[steps - 1, t0 + steps * 1000, auc]],
    },
    datasets: customersDataset('2026_10', churnDigest),
    artifacts: artifacts(),
  });
}

// ---- model registry ----------------------------------------------------------

const version = (
  n: number,
  runId: string | undefined,
  source: string,
  created: number,
  description?: string,
) => ({
  version: String(n),
  run_id: runId,
  source,
  creation_timestamp: created,
  last_updated_timestamp: created + 3_600_000,
  user_id: 'ml-platform',
  description,
  status: 'READY' as const,
});
const runOf = (id: string) => runs.find(r => r.run_id === id)!;

/**
 * The owner tag the MLOps backend binds experiments and models by: the
 * catalog groups that own ZoomMapMax and churn-predictor in demo/catalog.
 */
const owner = (group: string) => ({
  'groundwork.dev/owner': `group:default/${group}`,
});

const fixtures: EmulatorFixtures = {
  experiments: [
    {
      experiment_id: '0',
      name: 'Default',
      creation_time: base - 30 * DAY,
      last_update_time: base - 30 * DAY,
    },
    {
      experiment_id: '1',
      name: 'zoommap-eta-forecast',
      creation_time: base - DAY,
      last_update_time: base + 25 * DAY,
      tags: {
        'mlflow.note.content': 'ETA forecasting for ZoomMap trips.',
        team: 'TempeAI',
        ...owner('tempeai'),
      },
    },
    {
      experiment_id: '2',
      name: 'churn-predictor',
      creation_time: base,
      last_update_time: base + 22 * DAY,
      tags: { team: 'ViennaAI', ...owner('viennaai') },
    },
    {
      experiment_id: '3',
      name: 'churn-predictor-sweeps',
      creation_time: base + 19 * DAY,
      last_update_time: base + 21 * DAY,
      tags: { team: 'ViennaAI', ...owner('viennaai') },
    },
    {
      experiment_id: '4',
      name: 'scratch-notebooks',
      creation_time: base + 5 * DAY,
      last_update_time: base + 5 * DAY,
    },
  ],
  runs,
  registered_models: [
    {
      name: 'zoommap-eta',
      description: 'ETA (minutes) for ZoomMap trips. Serves the routing API.',
      creation_timestamp: base + 4 * DAY,
      last_updated_timestamp: base + 19 * DAY,
      tags: { team: 'TempeAI', ...owner('tempeai') },
      aliases: { champion: '3', challenger: '4' },
      versions: [
        version(
          1,
          zoommapRunIds[1],
          `mlflow-artifacts:/1/${zoommapRunIds[1]}/artifacts/model`,
          runOf(zoommapRunIds[1]).end_time!,
        ),
        version(
          2,
          zoommapRunIds[2],
          `mlflow-artifacts:/1/${zoommapRunIds[2]}/artifacts/model`,
          runOf(zoommapRunIds[2]).end_time!,
        ),
        version(
          3,
          zoommapRunIds[5],
          `mlflow-artifacts:/1/${zoommapRunIds[5]}/artifacts/model`,
          runOf(zoommapRunIds[5]).end_time!,
          'Weather join; in production since 2026-10-20.',
        ),
        version(
          4,
          zoommapRunIds[6],
          `mlflow-artifacts:/1/${zoommapRunIds[6]}/artifacts/model`,
          runOf(zoommapRunIds[6]).end_time!,
          'More leaves; shadow traffic.',
        ),
      ],
    },
    {
      name: 'churn-classifier',
      description: 'Probability that a customer churns within 60 days.',
      creation_timestamp: base + 3 * DAY,
      last_updated_timestamp: base + 22 * DAY,
      tags: { team: 'ViennaAI', ...owner('viennaai') },
      aliases: { champion: '2', challenger: '3' },
      versions: [
        // registered from a file upload: no source run, so not traceable
        version(
          1,
          undefined,
          's3://acme-ml-models/churn/legacy-2026-09/model',
          base + 3 * DAY,
          'Imported from the legacy pipeline.',
        ),
        version(
          2,
          churnRunIds[3],
          `mlflow-artifacts:/2/${churnRunIds[3]}/artifacts/model`,
          runOf(churnRunIds[3]).end_time!,
        ),
        version(
          3,
          bestChild,
          `mlflow-artifacts:/3/${bestChild}/artifacts/model`,
          runOf(bestChild).end_time!,
          'Best sweep trial.',
        ),
      ],
    },
  ],
};

const out = path.resolve(__dirname, '../fixtures/demo.json');
fs.writeFileSync(out, `${JSON.stringify(fixtures)}\n`);
process.stdout.write(`Wrote ${runs.length} runs to ${out}\n`);
