import { InputError } from '@backstage/errors';
import {
  DefaultGithubCredentialsProvider,
  ScmIntegrationRegistry,
} from '@backstage/integration';
import { parseRepoUrl } from '@backstage/plugin-scaffolder-node';

/** The hosts whose branches the golden-path actions read and push. */
type HostType = 'gitlab' | 'github';

/** A repository on a configured GitLab or GitHub integration. */
export interface HostedRepository {
  type: HostType;
  host: string;
  owner: string;
  repo: string;
  /** The scaffolder's form, `host?owner=…&repo=…`. */
  repoUrl: string;
  /** The repository's web page, e.g. `https://gitlab.example.com/team/svc`. */
  webUrl: string;
}

function hostType(
  integrations: ScmIntegrationRegistry,
  host: string,
): { type: HostType; baseUrl: string } {
  const gitlab = integrations.gitlab.byHost(host);
  if (gitlab) return { type: 'gitlab', baseUrl: gitlab.config.baseUrl };
  if (integrations.github.byHost(host)) {
    return { type: 'github', baseUrl: `https://${host}` };
  }
  throw new InputError(
    `${host} is not a GitLab or GitHub host configured under 'integrations' in app-config; golden-path bases and upgrades need one of them.`,
  );
}

/** The repository named by a scaffolder `repoUrl` (`host?owner=…&repo=…`). */
export function repositoryOfRepoUrl(
  integrations: ScmIntegrationRegistry,
  repoUrl: string,
): HostedRepository {
  const { host, owner, repo } = parseRepoUrl(repoUrl, integrations);
  if (!owner) {
    throw new InputError(`'${repoUrl}' names no owner: add '&owner=…'.`);
  }
  const { type, baseUrl } = hostType(integrations, host);
  return {
    type,
    host,
    owner,
    repo,
    repoUrl,
    webUrl: `${baseUrl}/${owner}/${repo}`,
  };
}

/**
 * The repository a catalog entity's `backstage.io/source-location` points
 * into, e.g. `url:https://gitlab.example.com/team/svc/-/tree/main/`.
 */
export function repositoryOfSourceLocation(
  integrations: ScmIntegrationRegistry,
  sourceLocation: string,
): HostedRepository {
  const url = new URL(sourceLocation.replace(/^url:/, ''));
  const { type, baseUrl } = hostType(integrations, url.host);
  // A GitLab under a sub-path (https://host/gitlab) has it in baseUrl.
  const basePath = new URL(baseUrl).pathname.replace(/\/$/, '');
  const pathname = url.pathname.slice(
    url.pathname.startsWith(basePath) ? basePath.length : 0,
  );
  const segments = (
    type === 'gitlab'
      ? pathname.split('/-/')[0]
      : pathname.split('/').slice(0, 3).join('/')
  )
    .split('/')
    .filter(Boolean)
    .map(decodeURIComponent);
  if (segments.length < 2) {
    throw new InputError(
      `The source location ${sourceLocation} does not name a repository (owner and name).`,
    );
  }
  const repo = segments.pop()!.replace(/\.git$/, '');
  const owner = segments.join('/');
  const repoUrl = `${url.host}?owner=${encodeURIComponent(
    owner,
  )}&repo=${encodeURIComponent(repo)}`;
  return {
    type,
    host: url.host,
    owner,
    repo,
    repoUrl,
    webUrl: `${baseUrl}/${owner}/${repo}`,
  };
}

/** The URL the host's UrlReader reads a branch's whole tree from. */
export const treeUrl = (repository: HostedRepository, branch: string) =>
  `${repository.webUrl}/${
    repository.type === 'gitlab' ? '-/' : ''
  }tree/${branch}/`;

/** The URL the host's UrlReader reads one file of a branch from. */
export const blobUrl = (
  repository: HostedRepository,
  branch: string,
  path: string,
) =>
  `${repository.webUrl}/${
    repository.type === 'gitlab' ? '-/' : ''
  }blob/${branch}/${path}`;

/**
 * The git remote and credentials to push with: the integration's own token,
 * as `oauth2` on GitLab and through GitHub's credentials provider (token or
 * GitHub App) on GitHub, as Backstage's own publish actions do.
 */
export async function gitRemote(
  integrations: ScmIntegrationRegistry,
  repository: HostedRepository,
) {
  const remoteUrl = `${repository.webUrl}.git`;
  if (repository.type === 'gitlab') {
    const token = integrations.gitlab.byHost(repository.host)?.config.token;
    if (!token) {
      throw new InputError(
        `No token for ${repository.host}: set integrations.gitlab[].token in app-config.`,
      );
    }
    return { remoteUrl, auth: { username: 'oauth2', password: token } };
  }
  const { token } = await DefaultGithubCredentialsProvider.fromIntegrations(
    integrations,
  ).getCredentials({ url: repository.webUrl });
  if (!token) {
    throw new InputError(
      `No credentials for ${repository.webUrl}: configure a token or a GitHub App under integrations.github in app-config.`,
    );
  }
  return { remoteUrl, auth: { username: 'x-access-token', password: token } };
}
