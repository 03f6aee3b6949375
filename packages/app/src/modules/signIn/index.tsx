import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { SignInPageBlueprint } from '@backstage/plugin-app-react';
import { z } from 'zod';

/**
 * DEMO ONLY: replaces the app's guest-only sign-in page with one that also
 * offers the team members named in this extension's config (app-config.yaml).
 */
const demoSignInPage = SignInPageBlueprint.makeWithOverrides({
  configSchema: {
    users: z
      .array(
        z.object({
          name: z.string(),
          title: z.string(),
          description: z.string().optional(),
        }),
      )
      .default([]),
  },
  factory(originalFactory, { config }) {
    return originalFactory({
      loader: async () => {
        const { DemoSignInPage } = await import('./DemoSignInPage');
        return props => <DemoSignInPage {...props} users={config.users} />;
      },
    });
  },
});

export const signInModule = createFrontendModule({
  pluginId: 'app',
  extensions: [demoSignInPage],
});
