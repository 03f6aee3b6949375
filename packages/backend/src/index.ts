/*
 * The Groundwork demo backend. It only wires plugins together; the logic lives
 * in the packages under plugins/.
 */
import { createBackend } from '@backstage/backend-defaults';
import { authModuleDemoUserProvider } from './demoSignIn';
import { platformContractModuleDemoHistory } from '@groundwork/plugin-platform-contract-backend';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));
backend.add(import('@backstage/plugin-proxy-backend'));

// Sign-in, demo only (app-config.yaml): the guest, in leadership, or a member
// of one team chosen on the sign-in page
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
backend.add(authModuleDemoUserProvider);

// The event bus behind the events service (stored in PostgreSQL, in memory on
// SQLite), so events reach subscribers in other backend instances too.
backend.add(import('@backstage/plugin-events-backend'));

backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));

// Golden paths
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(
  import('@backstage/plugin-scaffolder-backend-module-notifications'),
);
// publish:gitlab and publish:gitlab:merge-request, to the demo's GitLab EMULATOR
// (app-config.yaml); add the GitHub module to publish to GitHub.
backend.add(import('@backstage/plugin-scaffolder-backend-module-gitlab'));
// groundwork:* actions: contract check before publishing, lineage, MLflow, cost tags
backend.add(import('@groundwork/plugin-scaffolder-backend-module-groundwork'));

backend.add(import('@backstage/plugin-permission-backend'));
// Leadership sees everything, teams their own costs, contract owners approve waivers
backend.add(
  import('@groundwork/plugin-permission-backend-module-groundwork-policy'),
);

backend.add(import('@backstage/plugin-search-backend'));
backend.add(import('@backstage/plugin-search-backend-module-catalog'));

backend.add(import('@backstage/plugin-user-settings-backend'));
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));
backend.add(import('@backstage/plugin-mcp-actions-backend'));

// Groundwork
// With the catalog module that announces changed entities and lists each
// contract as a catalog Resource of type platform-contract
backend.add(import('@groundwork/plugin-platform-contract-backend'));
// Demo only: synthetic scorecard history before the first evaluation, for trend charts
backend.add(platformContractModuleDemoHistory);
// With the IS_COST_OWNER catalog rule behind cost.read for teams, and the
// cost facts (budget set, spend against budget...) for the contract
backend.add(import('@groundwork/plugin-cost-backend'));
// With the MLOps facts (experiment linked, production model traceable...)
backend.add(import('@groundwork/plugin-mlops-backend'));

backend.start();
