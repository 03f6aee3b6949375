import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { rollupTypes } from '@groundwork/plugin-platform-contract-common';
import { KnexPlatformContractStore } from '../database/KnexPlatformContractStore';
import { PlatformContractStore } from '../database/PlatformContractStore';
import { ORGANIZATION_REF } from '../service/rollups';

const DAY_MS = 86_400_000;
const day = (at: Date) => at.toISOString().slice(0, 10);

/** A stable number in [0, 1) per string, so a demo looks the same every start. */
function unitHash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return (h >>> 0) / 0x100000000;
}

/**
 * A score `daysAgo` days before today's: lower by up to `improvement` points
 * the further back, with a little day-to-day wobble, never above today's
 * trend line by much nor outside 0–100.
 */
function pastScore(ref: string, today: number, daysAgo: number, days: number) {
  const improvement = 5 + unitHash(ref) * 30;
  const wobble = (unitHash(`${ref}|${daysAgo}`) - 0.5) * 4;
  const score = today - improvement * (daysAgo / days) + wobble;
  return Math.round(Math.min(100, Math.max(0, score)) * 10) / 10;
}

/**
 * Writes `days` days of synthetic history before today, ending at today's
 * stored results and roll-ups, so a fresh demo has trends to chart. It only
 * writes into a history that holds nothing but today's snapshot, so real
 * history is never overwritten: `waiting` until an evaluation stored today's
 * snapshot, then `written` or `skipped`.
 */
export async function seedDemoHistory(
  store: PlatformContractStore,
  days: number,
  now = new Date(),
): Promise<'waiting' | 'written' | 'skipped'> {
  const organisation = await store.readRollupHistory(
    'organization',
    ORGANIZATION_REF,
  );
  if (organisation.length === 0) return 'waiting';
  if (organisation.length > 1 || organisation[0].day !== day(now)) {
    return 'skipped';
  }

  const results = await store.readAllResults();
  const rollups = (
    await Promise.all(rollupTypes.map(type => store.listRollups(type)))
  ).flat();
  for (let daysAgo = days; daysAgo >= 1; daysAgo--) {
    const at = day(new Date(now.getTime() - daysAgo * DAY_MS));
    await store.upsertEntityHistory(
      at,
      results.map(row => {
        const score = pastScore(row.entityRef, row.score, daysAgo, days);
        return {
          ...row,
          score,
          // Ground rules met today, but not in the early part of the window for some.
          groundRulesMet:
            row.groundRulesMet &&
            daysAgo / days < 0.4 + unitHash(row.entityRef) * 0.6,
        };
      }),
    );
    await store.upsertRollupHistory(
      at,
      rollups.map(({ rollup }) => {
        const key = `${rollup.type}|${rollup.ref}`;
        const score = pastScore(key, rollup.score, daysAgo, days);
        const share = rollup.score > 0 ? score / rollup.score : 1;
        return {
          ...rollup,
          score,
          groundRulesMetCount: Math.min(
            rollup.entityCount,
            Math.round(rollup.groundRulesMetCount * share),
          ),
        };
      }),
    );
  }
  return 'written';
}

/**
 * Demo only: once the first evaluation has stored today's results, fills the
 * past `platformContract.demo.historyDays` days with synthetic history (see
 * {@link seedDemoHistory}). Never enable it on real data.
 *
 * @public
 */
export const platformContractModuleDemoHistory = createBackendModule({
  pluginId: 'platform-contract',
  moduleId: 'demo-history',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        database: coreServices.database,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
      },
      async init({ config, database, logger, scheduler }) {
        const days = config.getOptionalNumber(
          'platformContract.demo.historyDays',
        );
        if (!days) return;
        const store = await KnexPlatformContractStore.create(database);
        let done = false;
        await scheduler.scheduleTask({
          id: 'platform-contract-demo-history',
          scope: 'global',
          frequency: { seconds: 20 },
          timeout: { minutes: 2 },
          initialDelay: { seconds: 20 },
          fn: async () => {
            if (done) return;
            const outcome = await seedDemoHistory(store, days);
            done = outcome !== 'waiting';
            if (outcome === 'written') {
              logger.info(
                `Demo: wrote ${days} days of synthetic scorecard history before today`,
              );
            }
          },
        });
      },
    });
  },
});
