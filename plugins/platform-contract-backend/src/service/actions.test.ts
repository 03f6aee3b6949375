import { mockServices } from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import { createStoreTestDatabases } from '@groundwork/test-utils';
import { evaluatedTestCatalog } from '../__testUtils__/evaluatedTestCatalog';
import { KnexCampaignStore } from '../database/KnexCampaignStore';
import { registerActions } from './actions';
import { CampaignService } from './CampaignService';
import { CheckService } from './CheckService';
import { CallerAccess } from './callerAccess';
import { createCatalogFactProvider } from '../facts/CatalogFactProvider';

jest.setTimeout(60_000);
const databases = createStoreTestDatabases();

describe('actions', () => {
  it.each(databases.eachSupportedId())(
    'answers scorecard, rule, team and campaign questions, on %p',
    async id => {
      const knex = await databases.init(id);
      const { store, registry, catalog, evaluation } =
        await evaluatedTestCatalog(knex);
      const campaigns = new CampaignService({
        store,
        campaigns: await KnexCampaignStore.create(
          mockServices.database({ knex }),
        ),
        registry,
        catalog,
        auth: mockServices.auth(),
        permissions: mockServices.permissions(),
        notifications: { send: jest.fn() },
        logger: mockServices.logger.mock(),
        reminderDays: [7],
      });
      await campaigns.syncFromContracts();
      await campaigns.refreshProgress(new Date('2026-11-24T09:00:00Z'));
      const actionsRegistry = actionsRegistryServiceMock();
      registerActions({
        actionsRegistry,
        access: new CallerAccess({
          catalog,
          permissions: mockServices.permissions(),
          sensitive: [],
        }),
        store,
        registry,
        campaigns,
        evaluation,
        check: new CheckService({
          evaluation,
          registry,
          logger: mockServices.logger.mock(),
          catalogProviders: [createCatalogFactProvider(catalog)],
          repositoryFiles: [],
          laterProviders: [],
        }),
      });

      const scorecard = await actionsRegistry.invoke({
        id: 'test:get-entity-scorecard',
        input: { entityRef: 'prime-manager-drive' },
      });
      expect(scorecard.output).toMatchObject({
        entityRef: 'component:default/prime-manager-drive',
        contracts: [
          {
            contract: 'test-services',
            groundRulesMet: false,
            level: null,
            notSatisfied: [
              { ruleId: 'owner-group-valid', status: 'fail' },
              { ruleId: 'on-call', status: 'fail' },
              { ruleId: 'security-scan', status: 'unknown' },
            ],
          },
        ],
      });

      const why = await actionsRegistry.invoke({
        id: 'test:explain-rule-result',
        input: {
          entityRef: 'component:default/prime-manager-drive',
          ruleId: 'on-call',
        },
      });
      expect(why.output).toMatchObject({
        status: 'fail',
        howToFix: expect.stringContaining('pagerduty'),
        facts: [
          {
            fact: 'catalog.annotations',
            path: 'pagerduty.com/service-id',
            value: null,
            source: 'catalog',
          },
        ],
      });
      await expect(
        actionsRegistry.invoke({
          id: 'test:explain-rule-result',
          input: { entityRef: 'component:default/nope', ruleId: 'on-call' },
        }),
      ).rejects.toThrow('No entity component:default/nope in the catalog');

      const team = await actionsRegistry.invoke({
        id: 'test:team-compliance-summary',
        input: { groupRef: 'product' },
      });
      expect(team.output).toMatchObject({
        groupRef: 'group:default/product',
        entityCount: 1,
        groundRulesMetCount: 0,
        worstRules: [
          { ruleId: 'on-call' },
          { ruleId: 'owner-group-valid' },
          { ruleId: 'security-scan' },
        ],
      });

      const listed = await actionsRegistry.invoke({
        id: 'test:list-campaigns',
        input: {},
      });
      expect(listed.output).toMatchObject({
        campaigns: [
          {
            id: 'ground-rules-2026',
            level: 'ground',
            done: 1,
            late: 1,
            lateTeamCount: 1,
            link: '/platform-contract/campaigns/ground-rules-2026',
          },
          { id: 'on-call-everywhere', ruleId: 'on-call', percentDone: 50 },
        ],
      });
    },
  );
});
