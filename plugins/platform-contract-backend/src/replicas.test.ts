import { createMockDirectory } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  createStoreTestDatabases,
  postgresTestDatabaseId,
  waitFor,
} from '@groundwork/test-utils';
import { Knex } from 'knex';
import request from 'supertest';
import {
  API,
  fullRun,
  fullRunTask as taskRow,
  Replica,
  services,
  startFullRun,
  startReplica as startContractReplica,
  user,
} from './__testUtils__/replicas';
import { testEntities, TEST_CONTRACT_YAML } from './__testUtils__/fixtures';

jest.setTimeout(90_000);

const databases = createStoreTestDatabases();
const postgres = postgresTestDatabaseId(databases);

/**
 * Several backends on one PostgreSQL database with the real scheduler, as in
 * production; SQLite in memory cannot be shared by two backends.
 */
(postgres ? describe : describe.skip)(
  'two platform-contract backends on one database',
  () => {
    const dir = createMockDirectory({
      content: { 'contract.yaml': TEST_CONTRACT_YAML },
    });

    /** One replica; replicas share the entity objects, so a move in one catalog shows in both. */
    const startReplica = (knex: Knex, entities: Entity[]) =>
      startContractReplica(knex, entities, dir.resolve('contract.yaml'));

    /** Stored results and roll-ups without the times they were computed. */
    async function stored(knex: Knex) {
      const results = await knex('pc_results')
        .select('contract', 'entity_ref', 'score', 'level', 'results')
        .orderBy(['contract', 'entity_ref']);
      const rollups = (
        await knex('pc_rollups').select('type', 'ref', 'rollup', 'details')
      )
        .map(r => {
          const { evaluatedAt, ...rollup } = JSON.parse(r.rollup);
          return { key: `${r.type}|${r.ref}`, rollup, details: r.details };
        })
        .sort((x, y) => x.key.localeCompare(y.key));
      return { results, rollups };
    }

    async function waive(replica: Replica, entityRef: string) {
      const created = await request(replica.server)
        .post(`${API}/waivers`)
        .set(user())
        .send({
          contract: 'test-services',
          entityRef,
          ruleId: 'on-call',
          reason: 'paged by hand',
          expiresAt: new Date(Date.now() + 10 * 86_400_000).toISOString(),
        });
      expect(created.status).toBe(201);
      return request(replica.server)
        .post(`${API}/waivers/${created.body.id}/approve`)
        .set(user('user:default/bob'))
        .send({});
    }

    it('evaluates single entities and decides waivers on one replica during a full run on the other', async () => {
      const knex = await databases.init(postgres!);
      const entities = [...testEntities, ...services(4000)];
      const a = await startReplica(knex, entities);
      const b = await startReplica(knex, entities);
      await fullRun(knex, a);

      const ended = await startFullRun(knex, a);
      // The second full run waits for the first, on whichever replica.
      expect(
        (await request(b.server).post(`${API}/evaluate`).set(user())).status,
      ).toBe(409);
      const responses = await Promise.all([
        ...[0, 2, 4, 3998].map(i =>
          request(b.server)
            .post(`${API}/entities/component/default/svc-${i}/evaluate`)
            .set(user()),
        ),
        ...[6, 3996].map(i => waive(b, `component:default/svc-${i}`)),
      ]);
      expect(responses.map(r => r.status)).toEqual([
        200, 200, 200, 200, 200, 200,
      ]);
      // The work above overlapped the run.
      expect((await taskRow(knex)).current_run_ticket).toBeTruthy();
      await ended();
      expect((await taskRow(knex)).last_run_error_json).toBeFalsy();
      const afterOverlap = await stored(knex);
      expect(
        afterOverlap.results.filter(r => r.results.includes('"waived":1')),
      ).toHaveLength(2);

      await fullRun(knex, b);
      expect(await stored(knex)).toEqual(afterOverlap);
      await Promise.all([a.stop(), b.stop()]);
    });

    it('rolls up where entities evaluated on another replica moved to', async () => {
      const knex = await databases.init(postgres!);
      const entities = [...testEntities, ...services(3)];
      const a = await startReplica(knex, entities);
      const b = await startReplica(knex, entities);
      await fullRun(knex, a);

      const organizationAt = async () =>
        JSON.parse(
          (await knex('pc_rollups').where({ type: 'organization' }).first())
            .rollup,
        ).evaluatedAt as string;
      const entityCounts = async () =>
        Object.fromEntries(
          (
            await knex('pc_rollups')
              .where({ type: 'group' })
              .select('ref', 'rollup')
          ).map(r => [r.ref, JSON.parse(r.rollup).entityCount]),
        );
      /** Evaluates one entity on a replica and waits for the roll-ups it refreshes. */
      async function evaluate(replica: Replica, name: string) {
        const before = await organizationAt();
        const response = await request(replica.server)
          .post(`${API}/entities/component/default/${name}/evaluate`)
          .set(user());
        expect(response.status).toBe(200);
        await waitFor(
          'the roll-ups were refreshed',
          async () => (await organizationAt()) !== before,
        );
        return entityCounts();
      }

      const before = await entityCounts();
      const moved = entities.find(e => e.metadata.name === 'svc-0')!;
      moved.spec!.owner = 'peoriadata';
      moved.relations = [
        { type: 'ownedBy', targetRef: 'group:default/peoriadata' },
      ];
      const expected = {
        ...before,
        'group:default/tarakansre': before['group:default/tarakansre'] - 1,
        'group:default/peoriadata': before['group:default/peoriadata'] + 1,
        'group:default/product': before['group:default/product'] + 1,
        'group:default/platform-team':
          before['group:default/platform-team'] - 1,
        'group:default/engineering': before['group:default/engineering'] - 1,
      };
      expect(await evaluate(b, 'svc-0')).toEqual(expected);
      // The replica that ran the full run, before the move, keeps it too.
      expect(await evaluate(a, 'svc-1')).toEqual(expected);
      await Promise.all([a.stop(), b.stop()]);
    });
  },
);
