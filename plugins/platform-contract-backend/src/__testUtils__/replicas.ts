import { createServiceFactory } from '@backstage/backend-plugin-api';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { notificationService } from '@backstage/plugin-notifications-node';
import { waitFor } from '@groundwork/test-utils';
import { Knex } from 'knex';
import request from 'supertest';
import { platformContractPlugin } from '../plugin';

/** Helpers for tests of several platform-contract backends on one PostgreSQL database. */

export type Replica = Awaited<ReturnType<typeof startTestBackend>>;

export const API = '/api/platform-contract';
export const FULL_RUN_TASK = 'platform-contract-evaluate';

export const user = (ref = 'user:default/alice') => ({
  Authorization: mockCredentials.user.header(ref),
});

/** Services owned by the test groups, enough that a full run takes a while; odd ones are on call. */
export function services(count: number): Entity[] {
  const owners = ['tarakansre', 'peoriadata', 'platform-team'];
  return Array.from({ length: count }, (_, i) => {
    const owner = owners[i % owners.length];
    const annotations: Record<string, string> =
      i % 2 ? { 'pagerduty.com/service-id': `P${i}` } : {};
    return {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: `svc-${i}`,
        namespace: 'default',
        annotations,
      },
      spec: { type: 'service', lifecycle: 'production', owner },
      relations: [{ type: 'ownedBy', targetRef: `group:default/${owner}` }],
    };
  });
}

/**
 * One replica with the real scheduler, as in production, on `knex`;
 * replicas given the same entity objects share a catalog, so a change in one
 * shows in all.
 */
export function startReplica(
  knex: Knex,
  entities: Entity[],
  contractFile: string,
) {
  return startTestBackend({
    features: [
      platformContractPlugin,
      schedulerServiceFactory,
      mockServices.database.factory({ knex }),
      mockServices.rootConfig.factory({
        data: {
          platformContract: {
            contracts: [contractFile],
            catalogChanges: { delaySeconds: 0 },
            evaluation: { workerThread: false },
          },
        },
      }),
      createServiceFactory({
        service: catalogServiceRef,
        deps: {},
        factory: () => catalogServiceMock({ entities }),
      }),
      createServiceFactory({
        service: notificationService,
        deps: {},
        factory: () => ({ send: async () => {} }),
      }),
    ],
  });
}

/** The scheduler's row of the full evaluation task. */
export const fullRunTask = (knex: Knex) =>
  knex('backstage_backend_tasks__tasks')
    .where('id', 'like', `%${FULL_RUN_TASK}`)
    .first();

/**
 * Triggers the full evaluation on a replica and waits until it has started;
 * returns a wait for its end.
 */
export async function startFullRun(knex: Knex, replica: Replica) {
  const before = (await fullRunTask(knex))?.last_run_ended_at;
  const response = await request(replica.server)
    .post(`${API}/evaluate`)
    .set(user());
  if (response.status !== 202) {
    throw new Error(
      `Triggering the full run answered ${response.status}: ${response.text}`,
    );
  }
  // A small run may start and end between two looks.
  await waitFor('the full run started', async () => {
    const row = await fullRunTask(knex);
    return Boolean(
      row?.current_run_ticket ||
        String(row?.last_run_ended_at) !== String(before),
    );
  });
  return () =>
    waitFor('the full run ended', async () => {
      const row = await fullRunTask(knex);
      return (
        !row.current_run_ticket &&
        String(row.last_run_ended_at) !== String(before)
      );
    });
}

/** Triggers the full evaluation on a replica and waits for its end. */
export async function fullRun(knex: Knex, replica: Replica) {
  await (
    await startFullRun(knex, replica)
  )();
}
