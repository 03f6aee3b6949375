import { platformContractPluginId } from '@groundwork/plugin-platform-contract-common';
import { spawnSync } from 'node:child_process';
import { CliError } from './errors';

/** Where and as whom the CLI calls a Backstage backend. */
export interface BackstageTarget {
  baseUrl: string;
  token: string;
}

/**
 * The token: `GROUNDWORK_TOKEN`, else what `backstage-cli auth print-token`
 * prints where that is set up (a user who signed in with `backstage-cli auth
 * login`). A CliError says how to get one.
 */
export function resolveToken(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.GROUNDWORK_TOKEN?.trim();
  if (fromEnv) return fromEnv;
  const printed = spawnSync('backstage-cli', ['auth', 'print-token'], {
    encoding: 'utf8',
    timeout: 10_000,
    env,
  });
  const token = printed.status === 0 ? printed.stdout.trim() : '';
  if (token) return token;
  throw new CliError(
    'no token for Backstage: set GROUNDWORK_TOKEN (a static token from backend.auth.externalAccess, or a user token), or sign in with `backstage-cli auth login` so that `backstage-cli auth print-token` works',
  );
}

export function backstageTarget(
  url: string,
  env: NodeJS.ProcessEnv = process.env,
): BackstageTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new CliError(
      `--backstage-url '${url}' is not a URL; give the backend's address, e.g. https://backstage.example.com`,
    );
  }
  return {
    baseUrl: parsed.toString().replace(/\/+$/, ''),
    token: resolveToken(env),
  };
}

/** A backend plugin answered with an error status: what it said. */
export class BackstageAnswerError extends CliError {
  name = 'BackstageAnswerError';
  constructor(message: string, readonly status: number, readonly body: any) {
    super(message);
  }
}

/**
 * Calls a backend plugin's REST API; every failure is a CliError that says
 * what to check (exit 2), a BackstageAnswerError when the plugin answered.
 */
export async function requestPlugin<T>(
  target: BackstageTarget,
  pluginId: string,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<T> {
  const url = `${target.baseUrl}/api/${pluginId}${path}`;
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: {
        authorization: `Bearer ${target.token}`,
        ...(body !== undefined && { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    const cause = (e as { cause?: Error }).cause?.message;
    throw new CliError(
      `cannot reach ${url}: ${
        cause ?? (e as Error).message
      }. Check --backstage-url (the backend's address, e.g. http://localhost:7007).`,
    );
  }
  if (response.ok) {
    try {
      return (await response.json()) as T;
    } catch {
      throw new CliError(
        `${method} ${url} did not answer JSON: is --backstage-url the Backstage backend's address?`,
      );
    }
  }
  const text = await response.text();
  let message = text.slice(0, 300);
  let answer: any;
  try {
    answer = JSON.parse(text);
    message = answer?.error?.message ?? message;
  } catch {
    // Not a Backstage error body; show the start of the text.
  }
  const answered = `${method} ${url} answered ${response.status} ${response.statusText}: ${message}`;
  const hint: Record<number, string> = {
    401: `The token was refused: set GROUNDWORK_TOKEN to a valid token (a static token from backend.auth.externalAccess, or run \`backstage-cli auth login\`).`,
    403: "The token's principal may not do this; check the permission policy.",
    404: `Check --backstage-url and that the ${pluginId} backend plugin is installed.`,
  };
  throw new BackstageAnswerError(
    hint[response.status] ? `${answered}. ${hint[response.status]}` : answered,
    response.status,
    answer,
  );
}

/** Calls the platform contract plugin's REST API (see requestPlugin). */
export function requestPlatformContract<T>(
  target: BackstageTarget,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<T> {
  return requestPlugin<T>(target, platformContractPluginId, method, path, body);
}
