import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { MlflowEmulator, startEmulator } from '@groundwork/mlflow-emulator';
// Test only: the facts are read through the real mlops REST API.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import { mlopsPlugin as mlopsBackend } from '@groundwork/plugin-mlops-backend';
import {
  FactProvider,
  platformContractFactsExtensionPoint,
} from '@groundwork/plugin-platform-contract-node';
import { mlopsPlatformContractModule } from './module';

const component = (
  name: string,
  annotations: Record<string, string>,
  type = 'ml-project',
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default', annotations },
  spec: { type, owner: 'group:default/tempeai', lifecycle: 'production' },
});

const entities: Entity[] = [
  component('ZoomMapMax', {
    'mlflow.org/experiment-name': 'zoommap-eta-forecast',
    'mlflow.org/registered-model': 'zoommap-eta',
    'backstage.io/source-location': 'url:https://github.com/acme/zoommap-max/',
  }),
  component('churn-predictor', {
    'mlflow.org/experiment-name': 'churn-predictor',
    'mlflow.org/registered-model': 'churn-classifier',
    'github.com/project-slug': 'acme/churn-predictor',
  }),
  // a model without a champion/production alias
  component('scratch', {
    'mlflow.org/experiment-name': 'scratch-notebooks,does-not-exist',
  }),
  component('ghost', { 'mlflow.org/experiment-name': 'does-not-exist' }),
  component('plain-service', {}, 'service'),
];
// The demo fixtures tag churn-predictor's experiment and model for ViennaAI.
entities[1].spec!.owner = 'group:default/viennaai';

describe('mlops platform contract module', () => {
  let emulator: MlflowEmulator;
  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(() => emulator.stop());

  const start = async (baseUrl: string) => {
    const providers: FactProvider[] = [];
    await startTestBackend({
      extensionPoints: [
        [
          platformContractFactsExtensionPoint,
          { addFactProvider: (...p: FactProvider[]) => providers.push(...p) },
        ],
      ],
      features: [
        mlopsPlatformContractModule,
        mlopsBackend,
        catalogServiceMock.factory({ entities }),
        mockServices.rootConfig.factory({
          data: {
            mlops: {
              mlflow: {
                servers: [
                  {
                    name: 'demo',
                    baseUrl,
                    timeoutMs: 2000,
                    retries: 0,
                    // scratch-notebooks carries no owner tag
                    access: [
                      {
                        owner: 'group:default/tempeai',
                        experimentPrefixes: ['scratch-'],
                      },
                    ],
                  },
                ],
              },
            },
          },
        }),
      ],
    });
    expect(providers).toHaveLength(1);
    return providers[0];
  };

  const collect = (provider: FactProvider, now = new Date()) =>
    provider.collect(entities, {
      logger: mockServices.logger.mock(),
      credentials: {
        $$type: '@backstage/BackstageCredentials',
        principal: { type: 'service', subject: 'plugin:platform-contract' },
      },
      now,
    });

  it('declares the mlflow facts', async () => {
    const provider = await start(emulator.url);
    expect(provider.id).toBe('mlflow');
    expect(provider.facts.map(f => [f.name, f.type])).toEqual([
      ['mlflow.experimentLinked', 'boolean'],
      ['mlflow.productionAliasExists', 'boolean'],
      ['mlflow.productionModelTraceable', 'boolean'],
      ['mlflow.lastTrainingRunAgeDays', 'number'],
    ]);
  });

  it('collects facts through the mlops backend', async () => {
    const provider = await start(emulator.url);
    const now = new Date();
    const facts = await collect(provider, now);
    const ref = (name: string) =>
      stringifyEntityRef(entities.find(e => e.metadata.name === name)!);

    expect(facts.has(ref('plain-service'))).toBe(false);

    const zoom = facts.get(ref('ZoomMapMax'))!;
    expect(zoom['mlflow.experimentLinked']).toBe(true);
    expect(zoom['mlflow.productionAliasExists']).toBe(true);
    expect(zoom['mlflow.productionModelTraceable']).toBe(true);
    expect(typeof zoom['mlflow.lastTrainingRunAgeDays']).toBe('number');
    expect(zoom['mlflow.lastTrainingRunAgeDays']).toBeGreaterThanOrEqual(0);

    const churn = facts.get(ref('churn-predictor'))!;
    expect(churn['mlflow.experimentLinked']).toBe(true);
    expect(churn['mlflow.productionAliasExists']).toBe(true);
    expect(typeof churn['mlflow.productionModelTraceable']).toBe('boolean');

    // empty experiment: linked, but no runs; no models annotated
    expect(facts.get(ref('scratch'))).toEqual({
      'mlflow.experimentLinked': true,
      'mlflow.lastTrainingRunAgeDays': null,
      'mlflow.productionAliasExists': false,
      'mlflow.productionModelTraceable': null,
    });
    expect(facts.get(ref('ghost'))).toMatchObject({
      'mlflow.experimentLinked': false,
      'mlflow.lastTrainingRunAgeDays': null,
    });

    // the age follows the collection time
    const later = await collect(
      provider,
      new Date(now.getTime() + 10 * 24 * 60 * 60 * 1000),
    );
    expect(
      (later.get(ref('ZoomMapMax'))![
        'mlflow.lastTrainingRunAgeDays'
      ] as number) - (zoom['mlflow.lastTrainingRunAgeDays'] as number),
    ).toBeCloseTo(10, 1);
  });

  it('reports nothing (stale batch) when MLflow is unreachable', async () => {
    const provider = await start('http://127.0.0.1:9');
    await expect(collect(provider)).rejects.toThrow();
  });
});
