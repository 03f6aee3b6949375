/**
 * @jest-environment @backstage/cli/config/jest-environment-jsdom
 */
/*
 * Run by bench.ts through jest (jsdom): renders an already-fetched page of
 * runs in the ML experiments tab (after one warm-up render) and records how
 * long until the last row is in the DOM. jsdom does no layout or paint, so this is a lower bound for a
 * browser.
 */
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { mlopsApiRef } from '@groundwork/plugin-mlops';
import { RunsPage } from '@groundwork/plugin-mlops-common';
import { cleanup, screen } from '@testing-library/react';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

// The tab's component itself; the package exports it only as a lazy extension.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { MlExperimentsContent } = require(path.join(
  path.dirname(require.resolve('@groundwork/plugin-mlops/package.json')),
  'src/components/ExperimentsContent/MlExperimentsContent',
));

it('renders one page of runs', async () => {
  const page: RunsPage = JSON.parse(
    fs.readFileSync(process.env.BENCH_PAGE_FILE!, 'utf8'),
  );
  const api = {
    getExperiments: async () => ({
      server: 'bench',
      missing: [],
      experiments: [
        {
          experimentId: '9000',
          name: 'synthetic-benchmark',
          lifecycleStage: 'active',
          tags: {},
        },
      ],
    }),
    getRuns: async () => page,
  };
  const entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'bench',
      annotations: { 'mlflow.org/experiment-name': 'synthetic-benchmark' },
    },
    spec: { type: 'ml-project' },
  };
  const renderPage = async () => {
    const start = performance.now();
    await renderInTestApp(
      <TestApiProvider apis={[[mlopsApiRef, api]]}>
        <EntityProvider entity={entity}>
          <MlExperimentsContent />
        </EntityProvider>
      </TestApiProvider>,
    );
    await screen.findByText(
      page.runs[page.runs.length - 1].runName,
      undefined,
      {
        timeout: 60_000,
      },
    );
    return performance.now() - start;
  };
  await renderPage(); // warm-up: module init, JIT, style sheets
  cleanup();
  const ms = await renderPage();
  expect(screen.getAllByRole('row')).toHaveLength(page.runs.length + 1);
  fs.writeFileSync(process.env.BENCH_OUT_FILE!, JSON.stringify({ ms }));
}, 120_000);
