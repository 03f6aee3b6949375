/*
 * The golden-path loop, timed: a repository created from node-service on the
 * GitLab EMULATOR until its scorecard exists (create_to_scored_ms), and an
 * upgrade task after the golden path moved on (upgrade_ms). Part of
 * `yarn bench:scaffolder`.
 */
import catalogModuleTemplateKind from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import scaffolderGitlabModule from '@backstage/plugin-scaffolder-backend-module-gitlab';
import { mockCredentials } from '@backstage/backend-test-utils';
import { eventsServiceFactory } from '@backstage/plugin-events-node';
// The catalog module announces new entities to the platform contract backend.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import { catalogModulePlatformContracts } from '@groundwork/plugin-platform-contract-backend';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import {
  startDemoBackend,
  TEMPLATES_DIR,
} from '../src/__testUtils__/demoBackend';
import { startUpgradeHarness } from '../src/__testUtils__/fixtureGoldenPath';
import {
  runTask,
  startEmulatedGitLab,
  waitForEntity,
} from '../src/__testUtils__/gitlabHost';
import { goldenPathValues } from '../src/__testUtils__/goldenPathValues';

const auth = mockCredentials.user.header();

function median(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

/**
 * From the task's start to the first scorecard of the registered component,
 * with the demo's re-evaluation delay (platformContract.catalogChanges.delaySeconds: 2).
 */
export async function timeCreateToScored(runs: number) {
  const dir = await fs.mkdtemp(join(os.tmpdir(), 'bench-golden-path-'));
  const gitlab = await startEmulatedGitLab(dir);
  const backend = await startDemoBackend({
    extraLocations: [join(TEMPLATES_DIR, 'node-service.yaml')],
    extraFeatures: [
      catalogModuleTemplateKind,
      scaffolderGitlabModule,
      catalogModulePlatformContracts,
      // The real in-process events service: the test backend's mock one is
      // per plugin, so the catalog's announcements would reach no one.
      eventsServiceFactory,
    ],
    extraConfig: {
      integrations: gitlab.integrations,
      scaffolder: {
        defaultEnvironment: {
          parameters: { gitHost: gitlab.host, gitHostWebUrl: gitlab.base },
        },
      },
      events: { useEventBus: 'never' },
      platformContract: { catalogChanges: { delaySeconds: 2 } },
    },
  });
  try {
    await waitForEntity(backend.server, 'template:default/node-service');
    // New entities are scored once a first full evaluation has completed.
    const full = await request(backend.server)
      .post('/api/platform-contract/evaluate')
      .set('Authorization', auth);
    if (full.status >= 300) throw new Error(`full evaluation: ${full.status}`);

    const samples: number[] = [];
    for (let i = 0; i < runs; i++) {
      const name = `bench-service-${i}`;
      const started = Date.now();
      const run = await runTask(
        backend.server,
        'template:default/node-service',
        {
          ...goldenPathValues['node-service'],
          name,
          repoUrl: gitlab.repoUrl(name),
        },
        60_000,
      );
      if (run.status !== 'completed') {
        throw new Error(`${name}: task ${run.status}\n${run.log.join('\n')}`);
      }
      const created = Date.now() - started;
      for (;;) {
        const res = await request(backend.server)
          .get(
            `/api/platform-contract/entities/component/default/${name}/results`,
          )
          .set('Authorization', auth);
        const results = res.body.items ?? [];
        if (results.length) {
          if (
            !results.every((r: { groundRulesMet: boolean }) => r.groundRulesMet)
          ) {
            throw new Error(`${name}: scored, but a ground rule fails`);
          }
          break;
        }
        if (Date.now() - started > 120_000)
          throw new Error(`${name}: never scored`);
        await new Promise(r => setTimeout(r, 100));
      }
      const scored = Date.now() - started;
      samples.push(scored);
      console.log(
        `${name}: task ${created} ms, scored (ground rules met) ${scored} ms after the task started`,
      );
    }
    return median(samples);
  } finally {
    await backend.stop();
    await gitlab.emulator.stop();
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/** The upgrade task's wall time, for repositories created at 1.0.0 after the golden path moved to 2.0.0. */
export async function timeUpgrade(runs: number) {
  const harness = await startUpgradeHarness();
  try {
    const repos = Array.from({ length: runs }, (_, i) => `bench-upgrade-${i}`);
    for (const repo of repos) await harness.create(repo);
    await harness.moveTo('2.0.0');
    const samples: number[] = [];
    for (const repo of repos) {
      const started = Date.now();
      const run = await harness.upgrade(repo);
      if (run.status !== 'completed' || !run.output.links?.length) {
        throw new Error(
          `${repo}: upgrade ${run.status}\n${run.log.join('\n')}`,
        );
      }
      samples.push(Date.now() - started);
      console.log(`${repo}: upgrade task ${samples[samples.length - 1]} ms`);
    }
    return median(samples);
  } finally {
    await harness.stop();
  }
}
