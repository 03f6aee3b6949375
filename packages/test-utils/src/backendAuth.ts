import {
  AuthService,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';

/**
 * The test backend's mock auth, except that a token one plugin obtained on a
 * user's behalf authenticates as that user with an actor, as Backstage's real
 * auth does: the permission framework's apply-conditions endpoints (catalog,
 * platform contract) refuse users who did not come through a plugin. The mock
 * tokens do not say which plugin, hence a generic actor. Use with the real
 * `httpAuthServiceFactory` on top.
 */
export const authWithActors = createServiceFactory({
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

/**
 * User info whose ownership claims are the user and the groups `members`
 * lists for them, as sign-in would resolve them: what permission policies see.
 */
export function userInfoWithGroups(members: Record<string, string[]>) {
  return mockServices.userInfo.mock({
    getUserInfo: async credentials => {
      const { userEntityRef } = credentials.principal as {
        userEntityRef: string;
      };
      return {
        userEntityRef,
        ownershipEntityRefs: [userEntityRef, ...(members[userEntityRef] ?? [])],
      };
    },
  }).factory;
}
