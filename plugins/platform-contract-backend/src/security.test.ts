/*
 * Attacks on the platform contract backend (issue 14), each against the real
 * wiring: this plugin, the permission backend with Groundwork's reference
 * policy, and users whose group memberships come from the user info service.
 */
import {
  AuthService,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { eventsServiceFactory } from '@backstage/plugin-events-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import permissionPlugin from '@backstage/plugin-permission-backend';
import groundworkPolicy from '@groundwork/plugin-permission-backend-module-groundwork-policy';
import { promises as fs } from 'fs';
import os from 'os';
import { join } from 'path';
import request from 'supertest';
import { platformContractPlugin } from './plugin';
import { TEST_CONTRACT_YAML } from './__testUtils__/fixtures';

/** The catalog: two teams and what they own (read by the real catalog). */
const CATALOG = `
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: platform-team }
spec: { type: team, children: [] }
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: lipadata }
spec: { type: team, children: [] }
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: BrightPathMatrix }
spec: { type: service, lifecycle: production, owner: group:default/platform-team }
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: ledger }
spec: { type: service, lifecycle: production, owner: group:default/lipadata }
`;

// Starting the catalog, permission and contract backends is slow on a busy CI machine.
jest.setTimeout(180_000);

/**
 * The test backend's mock auth, except that a token one plugin obtained on a
 * user's behalf authenticates as that user with an actor, as Backstage's real
 * auth does: the permission registry's apply-conditions endpoint refuses
 * users who did not come through a plugin (the mock tokens do not say which,
 * hence a generic actor).
 */
const authWithActors = createServiceFactory({
  service: coreServices.auth,
  deps: { plugin: coreServices.pluginMetadata },
  factory({ plugin }) {
    const auth = mockServices.auth({ pluginId: plugin.getId() });
    const wrapped: AuthService = Object.create(auth);
    wrapped.authenticate = (async (token: string, options?: any) => {
      const credentials = await auth.authenticate(token, options);
      const viaPlugin = /^mock-service-token:.*"obo"/.test(token);
      return viaPlugin && auth.isPrincipal(credentials, 'user')
        ? mockCredentials.user(credentials.principal.userEntityRef, {
            actor: { subject: 'plugin:on-behalf-of-user' },
          })
        : credentials;
    }) as AuthService['authenticate'];
    return wrapped;
  },
});

/** Who is in which group (the ownership claims the policy sees). */
const MEMBERS: Record<string, string[]> = {
  'user:default/alice': ['group:default/platform-team'],
  'user:default/mallory': ['group:default/lipadata'],
  'user:default/eve': [],
};
const as = (user: string) => ({
  Authorization: mockCredentials.user.header(user),
});

describe('platform contract security', () => {
  let dir: string;
  let server: Parameters<typeof request>[0];

  beforeAll(async () => {
    dir = await fs.mkdtemp(join(os.tmpdir(), 'pc-security-'));
    // The contract names its owner without a namespace, as people write it.
    await fs.writeFile(
      join(dir, 'contract.yaml'),
      TEST_CONTRACT_YAML.replace(
        'owner: group:default/platform-team',
        'owner: group:platform-team',
      ),
    );
    await fs.writeFile(join(dir, 'catalog.yaml'), CATALOG);
    ({ server } = await startTestBackend({
      features: [
        platformContractPlugin,
        permissionPlugin,
        groundworkPolicy,
        permissionsServiceFactory,
        // Scheduled work (the full evaluation 15 s after start) stays out of
        // these permission checks: on a slow machine it overlapped them, and
        // the in-memory SQLite database then timed out acquiring a connection.
        mockServices.scheduler.mock({
          createScheduledTaskRunner: () => ({ run: async () => {} }),
          getScheduledTasks: async () => [],
        }).factory,
        authWithActors,
        // The real HTTP auth, on top of the auth above (the mock one has its own).
        httpAuthServiceFactory,
        mockServices.userInfo.mock({
          getUserInfo: async credentials => {
            const userEntityRef = (credentials.principal as any).userEntityRef;
            return {
              userEntityRef,
              ownershipEntityRefs: [userEntityRef, ...MEMBERS[userEntityRef]],
            };
          },
        }).factory,
        catalogPlugin,
        eventsServiceFactory,
        mockServices.rootConfig.factory({
          data: {
            catalog: {
              processingInterval: { seconds: 1 },
              stitchingStrategy: { pollingInterval: { milliseconds: 100 } },
              locations: [{ type: 'file', target: join(dir, 'catalog.yaml') }],
              rules: [
                { allow: ['Component', 'Group', 'Location', 'Resource'] },
              ],
            },
            events: { useEventBus: 'never' },
            permission: { enabled: true },
            platformContract: {
              contracts: [join(dir, 'contract.yaml')],
              catalogChanges: { delaySeconds: 0 },
            },
          },
        }),
        createServiceFactory({
          service: notificationService,
          deps: {},
          factory: () => ({ send: async () => {} }),
        }),
      ],
    }));
    // Until the catalog has stitched the ledger's owner, ownership is unknown.
    for (let tries = 0; ; tries++) {
      const res = await request(server)
        .get('/api/catalog/entities/by-name/component/default/ledger')
        .set(as('user:default/alice'));
      if (res.body.relations?.some((r: any) => r.type === 'ownedBy')) break;
      if (tries > 1200) throw new Error('The catalog never served ledger');
      await new Promise(resolve => setTimeout(resolve, 100));
    }
  });
  afterAll(() => fs.rm(dir, { recursive: true, force: true }));

  async function requestWaiver(user: string) {
    const res = await request(server)
      .post('/api/platform-contract/waivers')
      .set(as(user))
      .send({
        contract: 'test-services',
        entityRef: 'component:default/BrightPathMatrix',
        ruleId: 'security-scan',
        reason: 'Scanner does not support our runtime yet',
        expiresAt: new Date(Date.now() + 10 * 86_400_000).toISOString(),
      });
    expect(res.status).toBe(201);
    return res.body as { id: string; contractOwner: string };
  }

  it('a contract owner written without a namespace still matches its members, and only them', async () => {
    const waiver = await requestWaiver('user:default/mallory');
    expect(waiver.contractOwner).toBe('group:default/platform-team');
    const outsider = await request(server)
      .post(`/api/platform-contract/waivers/${waiver.id}/approve`)
      .set(as('user:default/mallory'))
      .send({});
    expect(outsider.status).toBe(403);
    const owner = await request(server)
      .post(`/api/platform-contract/waivers/${waiver.id}/approve`)
      .set(as('user:default/alice'))
      .send({});
    expect(owner.status).toBe(200);
  });

  it('only owners and admins may force a re-evaluation; concurrent calls are all answered', async () => {
    const evaluate = (user: string, name = 'ledger') =>
      request(server)
        .post(
          `/api/platform-contract/entities/component/default/${name}/evaluate`,
        )
        .set(as(user));
    const outsider = await evaluate('user:default/eve');
    expect(outsider.status).toBe(403);
    expect(outsider.body.error.message).toContain(
      'Only the owners of component:default/ledger and platform admins',
    );
    const owners = await Promise.all(
      Array.from({ length: 5 }, () => evaluate('user:default/mallory')),
    );
    expect(owners.map(r => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(owners[0].body.items[0]).toMatchObject({
      contract: 'test-services',
    });
    const admin = await evaluate('user:default/alice');
    expect(admin.status).toBe(200);
  });
});
