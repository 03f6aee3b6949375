import { discoveryApiRef } from '@backstage/core-plugin-api';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { DemoSignInPage } from './DemoSignInPage';

const users = [
  { name: 'lena.fischer', title: 'Lena Fischer', description: 'PeoriaData' },
];

function renderPage(onSignInSuccess: jest.Mock) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [discoveryApiRef, mockApis.discovery({ baseUrl: 'http://backend' })],
      ]}
    >
      <DemoSignInPage users={users} onSignInSuccess={onSignInSuccess} />
    </TestApiProvider>,
  );
}

function sessionFor(userEntityRef: string) {
  const payload = btoa(JSON.stringify({ exp: 4102444800 }));
  return {
    profile: { displayName: userEntityRef },
    backstageIdentity: {
      token: `e30.${payload}.signature`,
      identity: {
        type: 'user',
        userEntityRef,
        ownershipEntityRefs: [userEntityRef],
      },
    },
  };
}

describe('DemoSignInPage', () => {
  const fetchMock = jest.fn();

  beforeEach(() => {
    localStorage.clear();
    fetchMock.mockReset();
    global.fetch = fetchMock;
  });

  it('signs in as the chosen team member through the demo-user provider, and signing out forgets the choice', async () => {
    fetchMock.mockResolvedValue(
      new Response(JSON.stringify(sessionFor('user:default/lena.fischer'))),
    );
    const onSignInSuccess = jest.fn();
    await renderPage(onSignInSuccess);
    expect(screen.getByRole('button', { name: 'Enter' })).toBeInTheDocument();

    fireEvent.click(
      screen.getByRole('button', { name: 'Sign in as Lena Fischer' }),
    );

    await waitFor(() => expect(onSignInSuccess).toHaveBeenCalled());
    const [url, init] = fetchMock.mock.calls[0];
    expect(String(url)).toMatch(/\/demo-user\/refresh$/);
    expect(new Headers(init.headers).get('x-groundwork-demo-user')).toBe(
      'lena.fischer',
    );
    const identity = onSignInSuccess.mock.calls[0][0];
    await expect(identity.getBackstageIdentity()).resolves.toMatchObject({
      userEntityRef: 'user:default/lena.fischer',
    });
    expect(localStorage.getItem('groundwork:demo-sign-in')).toContain(
      'lena.fischer',
    );

    await identity.signOut();
    expect(localStorage.getItem('groundwork:demo-sign-in')).toBeNull();
  });

  it('signs in again silently as the last choice, through the guest provider', async () => {
    localStorage.setItem(
      'groundwork:demo-sign-in',
      JSON.stringify({ provider: 'guest' }),
    );
    fetchMock.mockResolvedValue(
      new Response(JSON.stringify(sessionFor('user:default/guest'))),
    );
    const onSignInSuccess = jest.fn();
    await renderPage(onSignInSuccess);

    await waitFor(() => expect(onSignInSuccess).toHaveBeenCalled());
    expect(String(fetchMock.mock.calls[0][0])).toMatch(/\/guest\/refresh$/);
  });

  it('offers the choice again, with the reason, when sign-in fails', async () => {
    fetchMock.mockResolvedValue(
      new Response(
        JSON.stringify({
          error: {
            name: 'InputError',
            message: "'lena.fischer' is not a demo user",
          },
        }),
        { status: 400, headers: { 'content-type': 'application/json' } },
      ),
    );
    await renderPage(jest.fn());

    fireEvent.click(
      screen.getByRole('button', { name: 'Sign in as Lena Fischer' }),
    );

    expect(await screen.findByText(/is not a demo user/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Enter' })).toBeInTheDocument();
  });
});
