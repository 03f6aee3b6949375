import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import fs from 'node:fs/promises';
import path from 'node:path';
import yaml from 'yaml';
import {
  GOLDEN_PATH_ANNOTATION,
  GOLDEN_PATH_FILE,
  GOLDEN_PATH_VERSION_ANNOTATION,
} from '@groundwork/plugin-platform-contract-common';
import { annotateCatalogFile } from './annotate';
import { DEFAULT_CATALOG_PATH } from './catalogInfoFile';
import { baseBranchName, lineageFileText } from './upgrade/lineage';

export const GOLDEN_PATH_RECORD_ACTION_ID = 'groundwork:golden-path:record';

/** Secret values shorter than this are too likely to match ordinary answers. */
const MIN_SECRET_LENGTH = 4;

/**
 * `groundwork:golden-path:record`: records which template, at which version
 * and with which answers, created the repository, so that an upgrade can
 * re-render it later.
 */
export function createGoldenPathRecordAction(
  options: {
    /** The clock for `createdAt`; tests inject a fixed one. */
    now?: () => Date;
  } = {},
) {
  const now = options.now ?? (() => new Date());
  return createTemplateAction({
    id: GOLDEN_PATH_RECORD_ACTION_ID,
    description: `Records the golden path's lineage: sets the annotation ${GOLDEN_PATH_ANNOTATION} (<template ref>@<version>) in catalog-info.yaml and writes ${GOLDEN_PATH_FILE} with the template, its version, the form answers (never secrets), the creation time and the branch that keeps what this version rendered (base.branch, pushed by groundwork:golden-path:keep-base). Works in a dry run (it only writes inside the workspace).`,
    supportsDryRun: true,
    examples: [
      {
        description:
          "Record the template (its ref and version come from the template's metadata) and the answers",
        example: yaml.stringify({
          steps: [
            {
              id: 'lineage',
              name: 'Record the golden path',
              action: GOLDEN_PATH_RECORD_ACTION_ID,
              input: {
                values: {
                  name: 'demo-service',
                  owner: 'group:default/team-a',
                  language: 'python',
                },
              },
            },
          ],
        }),
      },
      {
        description:
          'Name the template and version explicitly and leave an answer out of the record',
        example: yaml.stringify({
          steps: [
            {
              id: 'lineage',
              name: 'Record the golden path',
              action: GOLDEN_PATH_RECORD_ACTION_ID,
              input: {
                template: 'template:default/python-service',
                version: '1.4.0',
                values: { name: 'demo-service', repoUrl: 'github.com?repo=x' },
                omit: ['repoUrl'],
              },
            },
          ],
        }),
      },
    ],
    schema: {
      input: {
        values: z =>
          z
            .record(z.unknown())
            .optional()
            .describe(
              "The form answers to record, usually '${{ parameters }}'. Keys named in 'omit' or in the task's secrets, and any value containing a secret, are left out",
            ),
        omit: z =>
          z
            .array(z.string())
            .max(100)
            .optional()
            .describe('Answer keys to leave out of the record'),
        template: z =>
          z
            .string()
            .optional()
            .describe(
              'Template entity ref (default: the template running this task)',
            ),
        version: z =>
          z
            .string()
            .optional()
            .describe(
              `Template version (default: the template's ${GOLDEN_PATH_VERSION_ANNOTATION} annotation)`,
            ),
        path: z =>
          z
            .string()
            .min(1)
            .optional()
            .describe(
              `Catalog file to annotate, relative to the workspace (default ${DEFAULT_CATALOG_PATH})`,
            ),
      },
      output: {
        annotation: z =>
          z
            .string()
            .describe(`The value of ${GOLDEN_PATH_ANNOTATION} that was set`),
        file: z =>
          z.string().describe('The lineage file, relative to the workspace'),
      },
    },
    async handler(ctx) {
      const template = templateRef(
        ctx.input.template ?? ctx.templateInfo?.entityRef,
      );
      const version =
        ctx.input.version ??
        ctx.templateInfo?.entity?.metadata.annotations?.[
          GOLDEN_PATH_VERSION_ANNOTATION
        ];
      if (!version) {
        throw new InputError(
          `${GOLDEN_PATH_RECORD_ACTION_ID} needs the template's version: add the annotation ${GOLDEN_PATH_VERSION_ANNOTATION} to the template's metadata.annotations, or pass the input 'version'.`,
        );
      }
      const annotation = `${template}@${version}`;
      const { values, dropped } = answersWithoutSecrets(
        ctx.input.values ?? {},
        new Set([...(ctx.input.omit ?? []), ...Object.keys(ctx.secrets ?? {})]),
        Object.values(ctx.secrets ?? {}).filter(
          secret =>
            typeof secret === 'string' && secret.length >= MIN_SECRET_LENGTH,
        ),
      );
      // A retry keeps the time of the first attempt.
      const createdAt = await ctx.checkpoint({
        key: 'golden-path-created-at',
        fn: async () => now().toISOString(),
      });

      await annotateCatalogFile({
        workspacePath: ctx.workspacePath,
        path: ctx.input.path,
        changes: { annotations: { [GOLDEN_PATH_ANNOTATION]: annotation } },
      });
      const lineagePath = resolveSafeChildPath(
        ctx.workspacePath,
        GOLDEN_PATH_FILE,
      );
      await fs.mkdir(path.dirname(lineagePath), { recursive: true });
      await fs.writeFile(
        lineagePath,
        lineageFileText(
          {
            template,
            version,
            values,
            createdAt,
            base: { branch: baseBranchName(version) },
          },
          GOLDEN_PATH_RECORD_ACTION_ID,
        ),
        'utf8',
      );

      ctx.logger.info(
        `Recorded ${annotation} in ${
          ctx.input.path ?? DEFAULT_CATALOG_PATH
        } and ${GOLDEN_PATH_FILE} (${Object.keys(values).length} answer(s)${
          dropped.length ? `; left out: ${dropped.join(', ')}` : ''
        })`,
      );
      ctx.output('annotation', annotation);
      ctx.output('file', GOLDEN_PATH_FILE);
    },
  });
}

function templateRef(ref: string | undefined) {
  if (!ref) {
    throw new InputError(
      `${GOLDEN_PATH_RECORD_ACTION_ID} cannot tell which template is running: pass the input 'template' (e.g. template:default/python-service).`,
    );
  }
  let parsed;
  try {
    parsed = parseEntityRef(ref, { defaultKind: 'template' });
  } catch {
    parsed = undefined;
  }
  if (parsed?.kind.toLocaleLowerCase('en-US') !== 'template') {
    throw new InputError(
      `'${ref}' is not a template entity ref; write it as [template:][namespace/]name, e.g. template:default/python-service.`,
    );
  }
  return stringifyEntityRef(parsed);
}

/**
 * The answers without the keys to omit and without any value that contains a
 * secret (a template may have copied one into its parameters). Returns the
 * dotted paths that were dropped, never their values.
 */
export function answersWithoutSecrets(
  answers: Record<string, unknown>,
  omitKeys: Set<string>,
  secrets: string[],
) {
  const dropped: string[] = [];
  const containsSecret = (value: string) =>
    secrets.some(secret => value.includes(secret));
  const clean = (value: unknown, at: string): unknown => {
    if (typeof value === 'string' && containsSecret(value)) {
      dropped.push(at);
      return undefined;
    }
    if (Array.isArray(value)) {
      return value
        .map((item, index) => clean(item, `${at}[${index}]`))
        .filter(item => item !== undefined);
    }
    if (value && typeof value === 'object') {
      const entries = Object.entries(value).flatMap(([key, child]) => {
        const cleaned = clean(child, at ? `${at}.${key}` : key);
        return cleaned === undefined ? [] : [[key, cleaned] as const];
      });
      return Object.fromEntries(entries);
    }
    return value;
  };
  const kept = Object.fromEntries(
    Object.entries(answers).filter(([key]) => {
      if (!omitKeys.has(key)) return true;
      dropped.push(key);
      return false;
    }),
  );
  return { values: clean(kept, '') as Record<string, unknown>, dropped };
}
