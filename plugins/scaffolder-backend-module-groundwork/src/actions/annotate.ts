import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';
import {
  CatalogChanges,
  CatalogInfoFile,
  DEFAULT_CATALOG_PATH,
  DocumentSelector,
} from './catalogInfoFile';

export const CATALOG_ANNOTATE_ACTION_ID = 'groundwork:catalog:annotate';

/**
 * Merges changes into one document of a catalog file in the workspace and
 * writes it back. Shared by the annotate and record actions.
 */
export async function annotateCatalogFile(options: {
  workspacePath: string;
  path?: string;
  selector?: DocumentSelector;
  changes: CatalogChanges;
}) {
  const file = await CatalogInfoFile.read(options.workspacePath, options.path);
  const documentIndex = file.select(options.selector);
  file.apply(documentIndex, options.changes);
  await file.write();
  return { path: file.path, documentIndex };
}

/**
 * `groundwork:catalog:annotate`: adds annotations, labels, tags and links to
 * the catalog-info.yaml in the workspace, keeping its comments, key order and
 * other documents.
 */
export function createCatalogAnnotateAction() {
  return createTemplateAction({
    id: CATALOG_ANNOTATE_ACTION_ID,
    description:
      "Merges annotations, labels, tags and links into the workspace's catalog-info.yaml, keeping its comments, key order and other documents. Works in a dry run (it only writes inside the workspace).",
    supportsDryRun: true,
    examples: [
      {
        description: 'Annotate, label and tag the new component',
        example: yaml.stringify({
          steps: [
            {
              id: 'annotate',
              name: 'Annotate catalog-info.yaml',
              action: CATALOG_ANNOTATE_ACTION_ID,
              input: {
                annotations: {
                  'mlflow.org/experiment-name': 'demo-service',
                },
                labels: { 'groundwork.dev/tier': 'gold' },
                tags: ['python', 'ml'],
                links: [
                  {
                    url: 'https://mlflow.example.com/#/experiments/1',
                    title: 'MLflow experiment',
                    icon: 'dashboard',
                  },
                ],
              },
            },
          ],
        }),
      },
      {
        description:
          'Annotate the API document of a file that holds several entities',
        example: yaml.stringify({
          steps: [
            {
              id: 'annotate-api',
              name: 'Annotate the API',
              action: CATALOG_ANNOTATE_ACTION_ID,
              input: {
                path: 'catalog-info.yaml',
                kind: 'API',
                annotations: { 'groundwork.dev/api-style': 'rest' },
              },
            },
          ],
        }),
      },
    ],
    schema: {
      input: {
        path: z =>
          z
            .string()
            .min(1)
            .optional()
            .describe(
              `Catalog file, relative to the workspace (default ${DEFAULT_CATALOG_PATH})`,
            ),
        annotations: z =>
          z
            .record(z.string())
            .optional()
            .describe('Annotations to set (replacing values of the same key)'),
        labels: z =>
          z
            .record(z.string())
            .optional()
            .describe('Labels to set (replacing values of the same key)'),
        tags: z =>
          z
            .array(z.string())
            .max(100)
            .optional()
            .describe('Tags to add; tags already present are kept once'),
        links: z =>
          z
            .array(
              z.object({
                url: z.string(),
                title: z.string(),
                icon: z.string().optional(),
                type: z.string().optional(),
              }),
            )
            .max(50)
            .optional()
            .describe('Links to add; a link with the same url is updated'),
        documentIndex: z =>
          z
            .number()
            .int()
            .min(0)
            .optional()
            .describe(
              'Which document of a multi-document file to change (0-based); default: the first catalog entity',
            ),
        kind: z =>
          z
            .string()
            .optional()
            .describe('Pick the first document of this kind instead'),
        name: z =>
          z
            .string()
            .optional()
            .describe('Pick the first document with this metadata.name'),
      },
      output: {
        path: z => z.string().describe('The catalog file that was changed'),
        documentIndex: z =>
          z.number().describe('The document of the file that was changed'),
      },
    },
    async handler(ctx) {
      const { path, annotations, labels, tags, links } = ctx.input;
      const changes = { annotations, labels, tags, links };
      if (
        !Object.values(changes).some(
          value => value && Object.keys(value).length > 0,
        )
      ) {
        throw new InputError(
          `${CATALOG_ANNOTATE_ACTION_ID} has nothing to add: give at least one of 'annotations', 'labels', 'tags' or 'links'.`,
        );
      }
      const result = await annotateCatalogFile({
        workspacePath: ctx.workspacePath,
        path,
        selector: {
          documentIndex: ctx.input.documentIndex,
          kind: ctx.input.kind,
          name: ctx.input.name,
        },
        changes,
      });
      ctx.logger.info(
        `Updated document ${result.documentIndex} of ${result.path}: ${[
          `${Object.keys(annotations ?? {}).length} annotation(s)`,
          `${Object.keys(labels ?? {}).length} label(s)`,
          `${tags?.length ?? 0} tag(s)`,
          `${links?.length ?? 0} link(s)`,
        ].join(', ')}`,
      );
      ctx.output('path', result.path);
      ctx.output('documentIndex', result.documentIndex);
    },
  });
}
