import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { compileContract } from '@groundwork/plugin-platform-contract-common';
import { FactProvider } from '@groundwork/plugin-platform-contract-node';
import { createStoreTestDatabases } from '@groundwork/test-utils';
import { parse } from 'yaml';
import { testEntities, TEST_CONTRACT_YAML } from '../__testUtils__/fixtures';
import { ContractRegistry } from '../contracts/ContractRegistry';
import { KnexPlatformContractStore } from '../database/KnexPlatformContractStore';
import { createCatalogFactProvider } from '../facts/CatalogFactProvider';
import { EvaluationService, refOf } from './EvaluationService';
import { WaiverService } from './WaiverService';

jest.setTimeout(60_000);

const databases = createStoreTestDatabases();
const REF = 'component:default/brightpathmatrix';
const DAY = 86_400_000;
const T0 = new Date('2026-11-24T07:00:00.000Z');

async function setup(
  databaseId: Parameters<typeof databases.init>[0],
  options = { factMaxAgeHours: 168, historyRetentionDays: 400 },
  contractYaml = TEST_CONTRACT_YAML,
) {
  const knex = await databases.init(databaseId);
  const store = await KnexPlatformContractStore.create(
    mockServices.database({ knex }),
  );
  const { contract } = compileContract(parse(contractYaml), 'test.yaml');
  const registry = new ContractRegistry([
    { file: 'test.yaml', name: contract!.name, contract, errors: [] },
  ]);
  const catalog = catalogServiceMock({ entities: testEntities });
  const scanner = { fail: false, passed: true };
  const scannerProvider: FactProvider = {
    id: 'scanner',
    facts: [
      { name: 'security.scanPassed', type: 'boolean', description: 'scan' },
    ],
    async collect(entities) {
      if (scanner.fail) throw new Error('scanner down');
      return new Map(
        entities.map(e => [
          `component:default/${e.metadata.name}`,
          { 'security.scanPassed': scanner.passed },
        ]),
      );
    },
  };
  const logger = mockServices.logger.mock();
  const auth = mockServices.auth();
  const evaluation = new EvaluationService({
    catalog,
    auth,
    logger,
    store,
    registry,
    options,
    providers: [createCatalogFactProvider(catalog), scannerProvider],
  });
  const notifications = { send: jest.fn() };
  const waivers = new WaiverService({
    store,
    registry,
    catalog,
    auth,
    logger,
    notifications,
    permissions: mockServices.permissions(),
    notifyDaysBeforeExpiry: 7,
    onDecision: ref => evaluation.evaluateEntity(ref),
  });
  return {
    store,
    evaluation,
    waivers,
    scanner,
    notifications,
    logger,
    catalog,
  };
}

const statusOf = (
  rows: Awaited<ReturnType<EvaluationService['evaluateEntity']>>,
  ruleId: string,
) => rows[0].rules.find(r => r.ruleId === ruleId)!;

describe('EvaluationService', () => {
  it.each(databases.eachSupportedId())(
    'refreshes roll-ups after an on-demand evaluation of one entity, on %p',
    async id => {
      const { evaluation, store, scanner } = await setup(id);
      // Before any full run there is no organisation to roll up to.
      await evaluation.evaluateEntity(REF, T0);
      await evaluation.requestRollupRefresh();
      expect(await store.listRollups('organization')).toEqual([]);

      await evaluation.evaluateAll(T0);
      const [before] = await store.listRollups('organization');
      scanner.passed = false;
      await evaluation.evaluateEntity(REF, T0);
      // Coalesced with the refresh the evaluation requested.
      await Promise.all([
        evaluation.requestRollupRefresh(),
        evaluation.requestRollupRefresh(),
      ]);
      const [after] = await store.listRollups('organization');
      expect(after.rollup.counts.fail).toBe(before.rollup.counts.fail + 1);
      expect(after.rollup.counts.pass).toBe(before.rollup.counts.pass - 1);
      expect(after.rollup.score).toBeLessThan(before.rollup.score);
      const [group] = (await store.listRollups('category')).filter(
        r => r.rollup.ref === 'security',
      );
      expect(group.rollup.counts.fail).toBeGreaterThan(0);
    },
  );

  it.each(databases.eachSupportedId())(
    'marks rules whose appliesTo does not match the entity not-applicable, on %p',
    async id => {
      const yaml = TEST_CONTRACT_YAML.replace(
        '      level: silver\n',
        '      level: silver\n      appliesTo: { metadata.name: someone-else }\n',
      );
      const { evaluation, store } = await setup(id, undefined, yaml);
      const [row] = await evaluation.evaluateEntity(REF, T0);
      expect(statusOf([row], 'security-scan')).toEqual({
        ruleId: 'security-scan',
        status: 'not-applicable',
      });
      const [shown] = (await evaluation.present(REF, [row])).items;
      expect(
        shown.rules.find(r => r.ruleId === 'security-scan')!.facts,
      ).toEqual([]);
      expect(row.counts['not-applicable']).toBe(1);
      // The other rules pass; the not-applicable silver rule caps nothing.
      expect(row).toMatchObject({ score: 100, level: 'silver' });
      const [stored] = await store.readEntityResults(REF);
      expect(stored.counts).toEqual(row.counts);
      expect(statusOf([stored], 'security-scan').status).toBe('not-applicable');
    },
  );

  it.each(databases.eachSupportedId())(
    "marks a failing provider's facts stale, so its rules become unknown, on %p",
    async id => {
      const { evaluation, scanner, logger } = await setup(id);
      expect(
        statusOf(await evaluation.evaluateEntity(REF, T0), 'security-scan')
          .status,
      ).toBe('pass');
      scanner.fail = true;
      const rows = await evaluation.evaluateEntity(REF, T0);
      expect(statusOf(rows, 'security-scan').status).toBe('unknown');
      const [shown] = (await evaluation.present(REF, rows)).items;
      expect(
        shown.rules.find(r => r.ruleId === 'security-scan')!.facts,
      ).toEqual([
        {
          fact: 'security.scanPassed',
          value: true,
          problem: 'stale',
          source: 'scanner',
          observedAt: T0.toISOString(),
        },
      ]);
      expect(logger.error).toHaveBeenCalled();
    },
  );

  it.each(databases.eachSupportedId())(
    'treats facts older than the maximum age as stale, on %p',
    async id => {
      const { evaluation } = await setup(id, {
        factMaxAgeHours: 24,
        historyRetentionDays: 400,
      });
      const fact = (name: string, value: any, ageMs: number) => ({
        name,
        value,
        source: 'test',
        observedAt: new Date(T0.getTime() - ageMs).toISOString(),
      });
      const [row] = evaluation.evaluateEntityFacts(
        testEntities.find(e => e.metadata.name === 'BrightPathMatrix')!,
        new Map(
          [
            fact('security.scanPassed', true, 2 * DAY),
            fact('catalog.ownerGroupExists', true, 1000),
            fact('catalog.ownerGroupMemberCount', 3, 1000),
          ].map(f => [f.name, f]),
        ),
        new Map(),
        T0,
      );
      expect(row.rules.map(r => [r.ruleId, r.status])).toEqual([
        ['owner-group-valid', 'pass'],
        ['on-call', 'unknown'],
        ['security-scan', 'unknown'],
      ]);
    },
  );

  it.each(databases.eachSupportedId())(
    'shows the facts that decided each rule, stale as of the evaluation, on %p',
    async id => {
      const { evaluation, store, scanner } = await setup(id, {
        factMaxAgeHours: 24,
        historyRetentionDays: 400,
      });
      // The scanner is down, so the pushed fact decides (a collected one
      // would win); it is two days old at T0.
      scanner.fail = true;
      const scannedAt = new Date(T0.getTime() - 2 * DAY).toISOString();
      await store.pushFacts(
        [
          {
            entityRef: REF,
            name: 'security.scanPassed',
            fact: { value: true, observedAt: scannedAt, source: 'push:ci' },
          },
        ],
        scannedAt,
      );
      const rows = await evaluation.evaluateEntity(REF, T0);
      const [shown] = (await evaluation.present(REF, rows)).items;
      const rule = (ruleId: string) =>
        shown.rules.find(r => r.ruleId === ruleId)!;
      expect(rule('security-scan')).toMatchObject({
        status: 'unknown',
        facts: [
          {
            fact: 'security.scanPassed',
            value: true,
            problem: 'stale',
            source: 'push:ci',
            observedAt: scannedAt,
          },
        ],
      });
      expect(rule('owner-group-valid').status).toBe('pass');
      expect(rule('owner-group-valid').facts.map(f => f.fact)).toEqual([
        'catalog.ownerGroupExists',
        'catalog.ownerGroupMemberCount',
      ]);
      expect(
        rule('owner-group-valid').facts.every(f => f.problem === undefined),
      ).toBe(true);
    },
  );

  it.each(databases.eachSupportedId())(
    'applies approved waivers until they expire and reminds owners before, on %p',
    async id => {
      const { evaluation, waivers, notifications, scanner } = await setup(id);
      scanner.passed = false;
      const credentials = {
        $$type: '@backstage/BackstageCredentials',
        principal: { type: 'user', userEntityRef: 'user:default/alice' },
      } as any;
      const waiver = await waivers.request(
        {
          contract: 'test-services',
          entityRef: 'component:default/BrightPathMatrix',
          ruleId: 'security-scan',
          reason: 'r',
          expiresAt: new Date(T0.getTime() + 3 * DAY).toISOString(),
        },
        credentials,
        T0,
      );
      const approver = {
        ...credentials,
        principal: { type: 'user', userEntityRef: 'user:default/bob' },
      };
      await waivers.decide(waiver.id, 'approved', undefined, approver, T0);
      expect(
        statusOf(await evaluation.evaluateEntity(REF, T0), 'security-scan'),
      ).toMatchObject({ status: 'waived', waiverId: waiver.id });
      expect(
        statusOf(
          await evaluation.evaluateEntity(
            REF,
            new Date(T0.getTime() + 4 * DAY),
          ),
          'security-scan',
        ).status,
      ).toBe('fail');
      expect(
        (await waivers.get(waiver.id, new Date(T0.getTime() + 4 * DAY))).active,
      ).toBe(false);

      notifications.send.mockClear();
      expect(await waivers.notifyExpiring(T0)).toBe(1);
      expect(await waivers.notifyExpiring(T0)).toBe(0);
      expect(notifications.send).toHaveBeenCalledTimes(1);
      expect(notifications.send.mock.calls[0][0]).toMatchObject({
        recipients: { entityRef: 'group:default/tarakansre' },
        payload: { title: expect.stringContaining('expiring') },
      });
      expect(
        (await waivers.get(waiver.id, T0)).events.map(e => e.action),
      ).toEqual(['requested', 'approved', 'expiry-notified']);
    },
  );

  it.each(databases.eachSupportedId())(
    'keeps one snapshot per day and prunes past the retention, on %p',
    async id => {
      const { evaluation, store } = await setup(id, {
        factMaxAgeHours: 168,
        historyRetentionDays: 2,
      });
      await evaluation.evaluateAll(T0);
      await evaluation.evaluateAll(new Date(T0.getTime() + 1000));
      await evaluation.evaluateAll(new Date(T0.getTime() + DAY));
      expect((await store.readEntityHistory(REF)).map(p => p.day)).toEqual([
        '2026-11-24',
        '2026-11-25',
      ]);
      expect(
        (await store.readRollupHistory('organization', 'all')).map(p => p.day),
      ).toEqual(['2026-11-24', '2026-11-25']);
      await evaluation.evaluateAll(new Date(T0.getTime() + 3 * DAY));
      expect((await store.readEntityHistory(REF)).map(p => p.day)).toEqual([
        '2026-11-25',
        '2026-11-27',
      ]);
      expect(
        (await store.readRollupHistory('organization', 'all')).map(p => p.day),
      ).toEqual(['2026-11-25', '2026-11-27']);
    },
  );

  it.each(databases.eachSupportedId())(
    'refuses a full run on a catalog read that shrank too much, keeping facts and results, on %p',
    async id => {
      const { evaluation, store, logger, catalog } = await setup(id);
      await evaluation.evaluateAll(T0);
      const stored = async () => ({
        results: await store.readAllResults(),
        facts: await store.readFacts(),
      });
      const before = await stored();
      expect(before.results).toHaveLength(2);
      const catalogReturns = (entities: Entity[]) =>
        jest
          .spyOn(catalog, 'streamEntities')
          .mockImplementation(async function* returns() {
            yield entities;
          });

      catalogReturns([]);
      await expect(evaluation.evaluateAll(T0)).rejects.toThrow(
        'refused: the catalog returned 0 entities under contract where 2 have results',
      );
      expect(logger.error).toHaveBeenCalledWith(
        expect.stringContaining('Facts and results are kept'),
      );
      // One of two is half: not more than the default share.
      const [kept] = testEntities.filter(e => refOf(e) === REF);
      catalogReturns([kept]);
      expect(await stored()).toEqual(before);
      await evaluation.evaluateAll(new Date(T0.getTime() + 1000));
      expect((await store.readAllResults()).map(r => r.entityRef)).toEqual([
        REF,
      ]);
    },
  );
});
