import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  compileContract,
  SubjectEvaluator,
} from '@groundwork/plugin-platform-contract-common';
import { FactProvider } from '@groundwork/plugin-platform-contract-node';
import { createStoreTestDatabases } from '@groundwork/test-utils';
import { parse } from 'yaml';
import { testEntities, TEST_CONTRACT_YAML } from '../__testUtils__/fixtures';
import { ContractRegistry } from '../contracts/ContractRegistry';
import { KnexPlatformContractStore } from '../database/KnexPlatformContractStore';
import { createCatalogFactProvider } from '../facts/CatalogFactProvider';
import { EvaluationService } from './EvaluationService';
import { batchStatuses } from './evaluationBatch';
import { WorkerBatchEvaluator } from './evaluationWorker';

jest.setTimeout(120_000);

const databases = createStoreTestDatabases();
const T0 = new Date('2026-11-24T07:00:00.000Z');
/** The worker loads these TypeScript sources, which Jest's own transform does not reach. */
const execArgv = [
  '--require',
  require.resolve('@backstage/cli/config/nodeTransform.cjs'),
];

/** The test contract plus a rule that applies to production components only. */
const contractYaml = `${TEST_CONTRACT_YAML.replace(
  /\n {2}campaigns:[\s\S]*$/,
  '',
)}
    - id: docs
      title: TechDocs
      category: documentation
      severity: low
      level: bronze
      appliesTo: { spec.lifecycle: production }
      condition: { fact: catalog.annotations, path: backstage.io/techdocs-ref, exists: true }
`;

/** The test organisation with 1,300 more services (three batches), varied. */
function organisation(): Entity[] {
  const [template] = testEntities.filter(e => e.kind === 'Component');
  const owners = ['tarakansre', 'peoriadata', 'platform-team'];
  const services = Array.from({ length: 1300 }, (_, n): Entity => {
    const owner = owners[n % owners.length];
    const annotations: Record<string, string> = {};
    if (n % 3) annotations['pagerduty.com/service-id'] = `P${n}`;
    if (n % 4) annotations['backstage.io/techdocs-ref'] = 'dir:.';
    return {
      ...template,
      metadata: { name: `svc-${n}`, namespace: 'default', annotations },
      spec: {
        type: 'service',
        lifecycle: n % 5 ? 'production' : 'experimental',
        owner,
      },
      relations: [{ type: 'ownedBy', targetRef: `group:default/${owner}` }],
    };
  });
  return [...testEntities, ...services];
}

/** A full run on a fresh database; results and roll-ups as stored. */
async function evaluateAll(
  databaseId: Parameters<typeof databases.init>[0],
  batchEvaluator?: WorkerBatchEvaluator,
) {
  const knex = await databases.init(databaseId);
  const store = await KnexPlatformContractStore.create(
    mockServices.database({ knex }),
  );
  const { contract, errors } = compileContract(
    parse(contractYaml),
    'test.yaml',
  );
  expect(errors).toEqual([]);
  const registry = new ContractRegistry([
    { file: 'test.yaml', name: contract!.name, contract, errors: [] },
  ]);
  const entities = organisation();
  const catalog = catalogServiceMock({ entities });
  // Passes for some, fails for others, and has no facts for a few (unknown).
  const scanner: FactProvider = {
    id: 'scanner',
    facts: [
      { name: 'security.scanPassed', type: 'boolean', description: 'scan' },
    ],
    async collect(batch) {
      return new Map(
        batch
          .filter(e => !e.metadata.name.endsWith('7'))
          .map(e => [
            `component:default/${e.metadata.name}`,
            { 'security.scanPassed': e.metadata.name.length % 2 === 0 },
          ]),
      );
    },
  };
  await store.insertWaiver(
    {
      id: 'w1',
      contract: 'test-services',
      entityRef: 'component:default/svc-101',
      ruleId: 'security-scan',
      reason: 'Scanner migration',
      conditions: 'Manual review',
      expiresAt: '2026-12-24T00:00:00.000Z',
      status: 'approved',
      contractOwner: 'group:default/platform-team',
      requestedBy: 'user:default/ana',
      requestedAt: '2026-11-20T00:00:00.000Z',
    },
    {
      at: '2026-11-20T00:00:00.000Z',
      actor: 'user:default/ana',
      action: 'requested',
    },
  );
  const evaluation = new EvaluationService({
    catalog,
    auth: mockServices.auth(),
    logger: mockServices.logger.mock(),
    store,
    registry,
    providers: [createCatalogFactProvider(catalog), scanner],
    options: { factMaxAgeHours: 168, historyRetentionDays: 400 },
    batchEvaluator,
  });
  await evaluation.evaluateAll(T0);
  return {
    stored: {
      results: (await store.readAllResults()).sort((a, b) =>
        a.entityRef.localeCompare(b.entityRef),
      ),
      rollups: await store.listRollups('group'),
      history: await store.readEntityHistory('component:default/svc-101'),
    },
    contract: contract!,
  };
}

describe('WorkerBatchEvaluator', () => {
  it.each(databases.eachSupportedId())(
    'stores the same results and roll-ups as evaluating on the main thread, on %p',
    async id => {
      const { stored: onMainThread, contract } = await evaluateAll(id);
      const worker = new WorkerBatchEvaluator({
        contracts: [contract],
        factMaxAgeHours: 168,
        execArgv,
      });
      const evaluate = jest.spyOn(worker, 'evaluate');
      try {
        const { stored: onWorker } = await evaluateAll(id, worker);
        expect(evaluate).toHaveBeenCalledTimes(3);
        expect(onWorker.results).toHaveLength(1302);
        expect(onWorker).toEqual(onMainThread);
      } finally {
        await worker.close();
      }
      // Every status occurs, so the comparison covers each path.
      const statuses = new Set(
        onMainThread.results.flatMap(r => r.rules.map(rule => rule.status)),
      );
      expect([...statuses].sort()).toEqual([
        'fail',
        'not-applicable',
        'pass',
        'unknown',
        'waived',
      ]);
      expect(onMainThread.history).toEqual([
        expect.objectContaining({
          contract: 'test-services',
          day: '2026-11-24',
        }),
      ]);
    },
  );

  it('rejects a batch that fails with the worker error, and goes on serving', async () => {
    const { contract } = compileContract(parse(contractYaml), 'test.yaml');
    const worker = new WorkerBatchEvaluator({
      contracts: [contract!],
      factMaxAgeHours: 168,
      execArgv,
    });
    const subject = {
      entityRef: 'component:default/a',
      contracts: [{ index: 0, notApplicable: [] }],
    };
    const batch = (facts: string) => ({
      subjects: [subject],
      factRows: [
        {
          entityRef: subject.entityRef,
          provider: 'scanner',
          facts,
          updatedAt: T0.toISOString(),
          stale: false,
        },
      ],
      evaluatedAt: T0.toISOString(),
    });
    try {
      await expect(worker.evaluate(batch('{not json'))).rejects.toThrow(/JSON/);
      const good = batch(
        JSON.stringify({ v: { 'security.scanPassed': true } }),
      );
      const statuses = await worker.evaluate(good);
      const onMainThread = new SubjectEvaluator([contract!], 168);
      expect(statuses).toEqual(batchStatuses(onMainThread, good));
      const [row] = onMainThread.rows(
        good.subjects,
        statuses,
        new Map(),
        good.evaluatedAt,
      );
      expect(row.rules.map(r => [r.ruleId, r.status])).toEqual([
        ['owner-group-valid', 'unknown'],
        ['on-call', 'unknown'],
        ['security-scan', 'pass'],
        ['docs', 'unknown'],
      ]);
      // Closing rejects what is in flight; the next batch starts a new worker.
      const inFlight = worker.evaluate(good);
      await worker.close();
      await expect(inFlight).rejects.toThrow('closed');
      await expect(worker.evaluate(good)).resolves.toEqual(statuses);
    } finally {
      await worker.close();
    }
  });
});
