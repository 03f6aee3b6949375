import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import {
  blobUrl,
  repositoryOfRepoUrl,
  repositoryOfSourceLocation,
  treeUrl,
} from './repository';

const integrations = ScmIntegrations.fromConfig(
  new ConfigReader({
    integrations: {
      gitlab: [
        {
          host: 'git.example.com',
          apiBaseUrl: 'https://git.example.com/gitlab/api/v4',
          baseUrl: 'https://git.example.com/gitlab',
          token: 't',
        },
      ],
      github: [{ host: 'github.com', token: 'g' }],
    },
  }),
);

describe('repositories of golden-path entities', () => {
  it('reads a GitLab source location under a sub-path, with nested groups', () => {
    const repository = repositoryOfSourceLocation(
      integrations,
      'url:https://git.example.com/gitlab/acme/payments/svc/-/tree/main/',
    );
    expect(repository).toEqual({
      type: 'gitlab',
      host: 'git.example.com',
      owner: 'acme/payments',
      repo: 'svc',
      repoUrl: 'git.example.com?owner=acme%2Fpayments&repo=svc',
      webUrl: 'https://git.example.com/gitlab/acme/payments/svc',
    });
    expect(treeUrl(repository, 'groundwork-golden-path-1.0.0')).toBe(
      'https://git.example.com/gitlab/acme/payments/svc/-/tree/groundwork-golden-path-1.0.0/',
    );
    expect(blobUrl(repository, 'b', '.groundwork/golden-path.yaml')).toBe(
      'https://git.example.com/gitlab/acme/payments/svc/-/blob/b/.groundwork/golden-path.yaml',
    );
  });

  it('reads a GitHub source location and names GitHub URLs', () => {
    const repository = repositoryOfSourceLocation(
      integrations,
      'url:https://github.com/acme/order-pricing/tree/main/',
    );
    expect(repository).toMatchObject({
      type: 'github',
      owner: 'acme',
      repo: 'order-pricing',
      repoUrl: 'github.com?owner=acme&repo=order-pricing',
    });
    expect(treeUrl(repository, 'b')).toBe(
      'https://github.com/acme/order-pricing/tree/b/',
    );
  });

  it("takes the scaffolder's repoUrl form and refuses hosts without an integration", () => {
    expect(
      repositoryOfRepoUrl(integrations, 'github.com?owner=acme&repo=x').webUrl,
    ).toBe('https://github.com/acme/x');
    expect(() =>
      repositoryOfSourceLocation(
        integrations,
        'url:https://bitbucket.org/acme/x/src/main/',
      ),
    ).toThrow(/bitbucket.org is not a GitLab or GitHub host configured/);
  });
});
