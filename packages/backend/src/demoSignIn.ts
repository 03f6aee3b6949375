/*
 * DEMO ONLY: sign in as one of a few configured catalog users, so the demo can
 * show what a member of one team sees next to the guest (who is in
 * leadership). Like the guest provider, it proves nothing about who the person
 * is, so it refuses to work outside development unless
 * `auth.providers.demo-user.dangerouslyAllowOutsideDevelopment` is set.
 * A real instance signs in through its identity provider instead.
 */
import { createBackendModule } from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import {
  authProvidersExtensionPoint,
  createProxyAuthProviderFactory,
  createProxyAuthenticator,
} from '@backstage/plugin-auth-node';

/** The request header the demo's sign-in page names the chosen user in. */
export const DEMO_USER_HEADER = 'x-groundwork-demo-user';

type DemoUserContext = { users: Set<string>; disabled: boolean };

const demoUserAuthenticator = createProxyAuthenticator<
  DemoUserContext,
  { userName: string },
  undefined
>({
  defaultProfileTransform: async () => ({ profile: {} }),
  initialize({ config }) {
    return {
      users: new Set(config.getOptionalStringArray('users') ?? []),
      disabled:
        process.env.NODE_ENV !== 'development' &&
        config.getOptionalBoolean('dangerouslyAllowOutsideDevelopment') !==
          true,
    };
  },
  async authenticate({ req }, { users, disabled }) {
    if (disabled) {
      throw new NotAllowedError(
        "The demo-user sign-in is for the demo only; set 'auth.providers.demo-user.dangerouslyAllowOutsideDevelopment' to use it outside development",
      );
    }
    const userName = req.header(DEMO_USER_HEADER) ?? '';
    if (!users.has(userName)) {
      throw new InputError(
        `'${userName}' is not a demo user; the users in 'auth.providers.demo-user.users' are: ${[
          ...users,
        ].join(', ')}`,
      );
    }
    return { result: { userName } };
  },
});

/** The `demo-user` auth provider: a catalog user named in a request header. */
export const authModuleDemoUserProvider = createBackendModule({
  pluginId: 'auth',
  moduleId: 'demo-user-provider',
  register(reg) {
    reg.registerInit({
      deps: {
        providers: authProvidersExtensionPoint,
      },
      async init({ providers }) {
        providers.registerProvider({
          providerId: 'demo-user',
          factory: createProxyAuthProviderFactory({
            authenticator: demoUserAuthenticator,
            // Ownership comes from the user's catalog entity (memberOf), as
            // with a real identity provider.
            signInResolver: async ({ result }, ctx) =>
              ctx.signInWithCatalogUser({
                entityRef: { kind: 'User', name: result.userName },
              }),
          }),
        });
      },
    });
  },
});
