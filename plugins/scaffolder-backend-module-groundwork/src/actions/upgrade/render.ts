import { UrlReaderService } from '@backstage/backend-plugin-api';
import {
  ANNOTATION_LOCATION,
  ANNOTATION_SOURCE_LOCATION,
  Entity,
  parseLocationRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import { ScmIntegrations } from '@backstage/integration';
import {
  fetchContents,
  serializeDirectoryContents,
} from '@backstage/plugin-scaffolder-node';
import { PluginRequest, requestPlugin } from '../../pluginRequest';
import { RepositoryFiles } from './threeWayMerge';

type Call = Omit<PluginRequest, 'pluginId' | 'method' | 'path' | 'body'>;

/** A catalog entity by ref, as the task's initiator sees it. */
export async function catalogEntity(call: Call, ref: string) {
  const [kind, rest] = ref.split(':');
  const [namespace, name] = rest.split('/');
  try {
    return await requestPlugin<Entity>({
      ...call,
      pluginId: 'catalog',
      method: 'GET',
      path: `/entities/by-name/${encodeURIComponent(kind)}/${encodeURIComponent(
        namespace,
      )}/${encodeURIComponent(name)}`,
    });
  } catch (error) {
    if (error instanceof NotFoundError) {
      throw new NotFoundError(
        `${ref} is not in the catalog, or the user who started the task cannot see it.`,
      );
    }
    throw error;
  }
}

/**
 * Where the scaffolder reads a template's files from for a real run: its
 * source location, else the location that registered it (`file:` locations
 * become `file://` URLs).
 */
function templateBaseUrl(template: Entity) {
  const annotations = template.metadata.annotations ?? {};
  const location =
    annotations[ANNOTATION_SOURCE_LOCATION] ?? annotations[ANNOTATION_LOCATION];
  if (location) {
    const { type, target } = parseLocationRef(location);
    if (type === 'url') return target;
    if (type === 'file') return `file://${target}`;
  }
  throw new InputError(
    `${stringifyEntityRef(
      template,
    )} has no url or file location to read its files from.`,
  );
}

/**
 * What the template renders now from `values`: its files are read where
 * the scaffolder reads them, and the scaffolder's own dry run renders them,
 * as the task's initiator.
 */
export async function renderTemplate(options: {
  call: Call;
  reader: UrlReaderService;
  integrations: ScmIntegrations;
  template: Entity;
  values: Record<string, unknown>;
  tmpDir: string;
}): Promise<RepositoryFiles> {
  const { call, template, values, tmpDir } = options;
  await fetchContents({
    reader: options.reader,
    integrations: options.integrations,
    baseUrl: templateBaseUrl(template),
    outputPath: tmpDir,
  });
  const contents = await serializeDirectoryContents(tmpDir);
  const result = await requestPlugin<{
    directoryContents: Array<{ path: string; base64Content: string }>;
  }>({
    ...call,
    pluginId: 'scaffolder',
    method: 'POST',
    path: '/v2/dry-run',
    body: {
      template,
      values,
      directoryContents: contents.map(file => ({
        path: file.path,
        base64Content: file.content.toString('base64'),
      })),
    },
  });
  return new Map(
    result.directoryContents.map(file => [
      file.path,
      Buffer.from(file.base64Content, 'base64'),
    ]),
  );
}
