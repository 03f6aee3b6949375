import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  FactProvider,
  platformContractFactsExtensionPoint,
} from '@groundwork/plugin-platform-contract-node';
import express from 'express';
import { costReadPermission } from '@groundwork/plugin-cost-common';
import { costPlatformContractModule } from './module';

const component = (
  name: string,
  annotations: Record<string, string> = {},
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default', annotations },
  spec: {
    type: 'service',
    owner: 'group:default/team',
    lifecycle: 'production',
  },
});

const entities = [
  component('budgeted'),
  component('annotated', { 'groundwork.dev/cost-budget': '200 USD' }),
  component('none'),
  component('secret'),
];

/** A stand-in cost backend serving POST /facts over real HTTP. */
function fakeCost(state: { fail: boolean; calls: any[] }) {
  return createBackendPlugin({
    pluginId: 'cost',
    register(reg) {
      reg.registerInit({
        deps: {
          http: coreServices.httpRouter,
          httpAuth: coreServices.httpAuth,
        },
        async init({ http, httpAuth }) {
          const router = express.Router();
          router.use(express.json());
          router.post('/facts', async (req, res) => {
            const credentials = await httpAuth.credentials(req, {
              allow: ['service'],
            });
            state.calls.push({
              body: req.body,
              principal: credentials.principal,
            });
            if (state.fail) {
              res.status(503).json({ error: { message: 'database down' } });
              return;
            }
            res.json({
              month: '2026-11',
              unattributedShare: 0.123456,
              items: [
                {
                  entityRef: 'component:default/budgeted',
                  currency: 'USD',
                  monthlyBudget: 1000,
                  monthToDate: 500.123,
                  forecast: 1100,
                  monthToDateVsBudget: 0.500123,
                  forecastVsBudget: 1.1,
                },
                {
                  entityRef: 'component:default/annotated',
                  currency: 'USD',
                  monthlyBudget: null,
                  monthToDate: 50,
                  forecast: 100,
                  monthToDateVsBudget: null,
                  forecastVsBudget: null,
                },
                {
                  entityRef: 'component:default/none',
                  currency: 'USD',
                  monthlyBudget: null,
                  monthToDate: 0,
                  forecast: 0,
                  monthToDateVsBudget: null,
                  forecastVsBudget: null,
                },
                // component:default/secret left out: not readable
              ],
            });
          });
          router.post('/commitments/facts', async (req, res) => {
            state.calls.push({ path: '/commitments/facts', body: req.body });
            res.json({
              month: '2026-11',
              items: [
                {
                  entityRef: 'component:default/budgeted',
                  commitmentCoverage: 0.456789,
                },
                {
                  entityRef: 'component:default/none',
                  commitmentCoverage: null,
                },
              ],
            });
          });
          http.use(router);
        },
      });
    },
  });
}

describe('cost platform contract module', () => {
  const start = async (state: { fail: boolean; calls: any[] }) => {
    const providers: FactProvider[] = [];
    await startTestBackend({
      extensionPoints: [
        [
          platformContractFactsExtensionPoint,
          { addFactProvider: (...p: FactProvider[]) => providers.push(...p) },
        ],
      ],
      features: [costPlatformContractModule, fakeCost(state)],
    });
    expect(providers).toHaveLength(1);
    return providers[0];
  };
  const context = {
    logger: mockServices.logger.mock(),
    credentials: mockCredentials.service('plugin:platform-contract'),
    now: new Date(),
  };

  it('declares the cost facts', async () => {
    const provider = await start({ fail: false, calls: [] });
    expect(provider.id).toBe('cost');
    expect(provider.facts.map(f => [f.name, f.type])).toEqual([
      ['cost.monthlyBudget', 'number'],
      ['cost.monthToDate', 'number'],
      ['cost.monthToDateVsBudget', 'number'],
      ['cost.forecastVsBudget', 'number'],
      ['cost.untaggedShare', 'number'],
      ['cost.commitmentCoverage', 'number'],
    ]);
    // Values only for callers who may read the entity's cost.
    expect(provider.sensitive).toEqual({
      facts: ['cost.*'],
      readPermission: costReadPermission,
    });
  });

  it('collects the facts of a batch in one call each with service credentials', async () => {
    const state = { fail: false, calls: [] as any[] };
    const provider = await start(state);
    const facts = await provider.collect(entities, context);
    expect(state.calls).toHaveLength(2);
    expect(state.calls[1]).toMatchObject({
      path: '/commitments/facts',
      body: { entityRefs: state.calls[0].body.entityRefs },
    });
    expect(state.calls[0].body.entityRefs).toEqual([
      'component:default/budgeted',
      'component:default/annotated',
      'component:default/none',
      'component:default/secret',
    ]);
    expect(state.calls[0].principal.type).toBe('service');
    expect(facts.get('component:default/budgeted')).toEqual({
      'cost.monthlyBudget': 1000,
      'cost.monthToDate': 500.12,
      'cost.monthToDateVsBudget': 0.5001,
      'cost.forecastVsBudget': 1.1,
      'cost.untaggedShare': 0.1235,
      'cost.commitmentCoverage': 0.4568,
    });
    // annotation budget not yet synced into the cost plugin
    expect(facts.get('component:default/annotated')).toMatchObject({
      'cost.monthlyBudget': 200,
      'cost.monthToDateVsBudget': 0.25,
      'cost.forecastVsBudget': 0.5,
    });
    expect(facts.get('component:default/none')).toMatchObject({
      'cost.commitmentCoverage': null,
      'cost.monthlyBudget': null,
      'cost.monthToDateVsBudget': null,
    });
    expect(facts.has('component:default/secret')).toBe(false);
  });

  it('throws when the cost API fails, so the facts go stale', async () => {
    const provider = await start({ fail: true, calls: [] });
    await expect(provider.collect(entities, context)).rejects.toThrow(
      /database down/,
    );
  });
});
