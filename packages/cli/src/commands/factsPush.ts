import { parseEntityRef } from '@backstage/catalog-model';
import {
  PushFactsRequest,
  pushFactsRequestSchema,
  PushFactsResponse,
} from '@groundwork/plugin-platform-contract-common';
import { promises as fs } from 'node:fs';
import { parse } from 'yaml';
import { backstageTarget, requestPlatformContract } from '../backstage';
import { CliError, EXIT } from '../errors';

/**
 * The facts of the files, each in the API's shape (`POST /facts`: `{ facts:
 * [{ entityRef, name, value, observedAt? }] }`, JSON or YAML), validated as
 * the backend validates them.
 */
export async function readFactFiles(
  files: string[],
): Promise<PushFactsRequest['facts']> {
  if (files.length === 0) {
    throw new CliError(
      'give one or more fact files: groundwork facts push <file…>',
    );
  }
  const facts: PushFactsRequest['facts'] = [];
  for (const file of files) {
    let body: unknown;
    try {
      body = parse(await fs.readFile(file, 'utf8'));
    } catch (e) {
      throw new CliError(`cannot read ${file}: ${(e as Error).message}`);
    }
    const parsed = pushFactsRequestSchema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new CliError(
        `${file}: ${issue.path.join('.') || '(root)'}: ${
          issue.message
        }. Expected { facts: [{ entityRef, name, value, observedAt? }] }.`,
      );
    }
    parsed.data.facts.forEach((fact, i) => {
      try {
        parseEntityRef(fact.entityRef);
      } catch (e) {
        throw new CliError(
          `${file}: facts.${i}.entityRef: ${(e as Error).message}`,
        );
      }
    });
    facts.push(...parsed.data.facts);
  }
  return facts;
}

/** `groundwork facts push`: posts the facts with a service token. */
export async function factsPushCommand(
  options: {
    files: string[];
    backstageUrl?: string;
    dryRun: boolean;
    env: NodeJS.ProcessEnv;
  },
  write: (text: string) => void,
): Promise<number> {
  const facts = await readFactFiles(options.files);
  const entities = new Set(facts.map(f => f.entityRef)).size;
  if (options.dryRun) {
    write(
      `${facts.length} fact(s) for ${entities} entity(ies) are valid; nothing posted (--dry-run).\n`,
    );
    return EXIT.passed;
  }
  if (!options.backstageUrl) {
    throw new CliError(
      'give --backstage-url (or GROUNDWORK_BACKSTAGE_URL) to push facts, or --dry-run to only validate them',
    );
  }
  const target = backstageTarget(options.backstageUrl, options.env);
  const { accepted } = await requestPlatformContract<PushFactsResponse>(
    target,
    'POST',
    '/facts',
    { facts } satisfies PushFactsRequest,
  );
  write(`Pushed ${accepted} fact(s) for ${entities} entity(ies).\n`);
  return EXIT.passed;
}
