import { IdentityApi } from '@backstage/core-plugin-api';
import {
  Content,
  Header,
  InfoCard,
  Page,
  ProxiedSignInPage,
  WarningPanel,
} from '@backstage/core-components';
import { SignInPageProps } from '@backstage/plugin-app-react';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';

/** A catalog user the demo offers to sign in as (`auth.providers.demo-user.users`). */
export type DemoUser = { name: string; title: string; description?: string };

/** Who the browser signed in as last, so a reload signs in again silently. */
type Choice = { provider: 'guest' } | { provider: 'demo-user'; user: string };

const CHOICE_KEY = 'groundwork:demo-sign-in';
/** Must match DEMO_USER_HEADER in packages/backend/src/demoSignIn.ts. */
const DEMO_USER_HEADER = 'x-groundwork-demo-user';

function readChoice(): Choice | undefined {
  try {
    const stored = JSON.parse(localStorage.getItem(CHOICE_KEY) ?? 'null');
    if (stored?.provider === 'guest') return { provider: 'guest' };
    if (stored?.provider === 'demo-user' && typeof stored.user === 'string') {
      return { provider: 'demo-user', user: stored.user };
    }
  } catch {
    // A damaged entry only means choosing again.
  }
  return undefined;
}

/** Signing out forgets the choice, so the next visit offers it again. */
function forgetChoiceOnSignOut(identity: IdentityApi): IdentityApi {
  return {
    getProfileInfo: () => identity.getProfileInfo(),
    getBackstageIdentity: () => identity.getBackstageIdentity(),
    getCredentials: () => identity.getCredentials(),
    signOut: async () => {
      localStorage.removeItem(CHOICE_KEY);
      await identity.signOut();
    },
  };
}

function Chooser(props: {
  users: DemoUser[];
  error?: Error;
  onChoose: (choice: Choice) => void;
}) {
  const { users, error, onChoose } = props;
  return (
    <Page themeId="home">
      <Header
        title="Groundwork demo"
        subtitle="Sign in as the guest or as a member of one team, to see what each may see"
      />
      <Content>
        {error && (
          <WarningPanel
            title="Sign-in failed"
            // A ResponseError carries the backend's own explanation as its cause.
            message={
              (error.cause as Error | undefined)?.message ?? error.message
            }
          />
        )}
        <Grid container spacing={3}>
          <Grid item xs={12} md={4}>
            <InfoCard
              title="Guest"
              subheader="Leadership"
              actions={
                <Button
                  variant="contained"
                  color="primary"
                  onClick={() => onChoose({ provider: 'guest' })}
                >
                  Enter
                </Button>
              }
            >
              <Typography variant="body2">
                A member of leadership: sees every team's cost and every
                scorecard.
              </Typography>
            </InfoCard>
          </Grid>
          {users.map(user => (
            <Grid item xs={12} md={4} key={user.name}>
              <InfoCard
                title={user.title}
                subheader="One team"
                actions={
                  <Button
                    variant="contained"
                    color="primary"
                    onClick={() =>
                      onChoose({ provider: 'demo-user', user: user.name })
                    }
                  >
                    Sign in as {user.title}
                  </Button>
                }
              >
                <Typography variant="body2">
                  {user.description ??
                    'Sees the cost of their own team and what it owns.'}
                </Typography>
              </InfoCard>
            </Grid>
          ))}
        </Grid>
      </Content>
    </Page>
  );
}

/**
 * DEMO ONLY: the demo's sign-in page. It offers the guest and the configured
 * team members, then signs in through the matching proxy provider.
 */
export function DemoSignInPage(props: SignInPageProps & { users: DemoUser[] }) {
  const { users, onSignInSuccess } = props;
  const [choice, setChoice] = useState(readChoice);

  const choose = (next: Choice) => {
    localStorage.setItem(CHOICE_KEY, JSON.stringify(next));
    setChoice(next);
  };

  if (!choice) {
    return <Chooser users={users} onChoose={choose} />;
  }
  return (
    <ProxiedSignInPage
      key={JSON.stringify(choice)}
      provider={choice.provider}
      headers={
        choice.provider === 'demo-user'
          ? { [DEMO_USER_HEADER]: choice.user }
          : undefined
      }
      onSignInSuccess={identity =>
        onSignInSuccess(forgetChoiceOnSignOut(identity))
      }
      ErrorComponent={({ error }) => (
        <Chooser users={users} error={error} onChoose={choose} />
      )}
    />
  );
}
