import {
  CheckEntityRequest,
  CheckEntityResponse,
  ContractListResponse,
} from '@groundwork/plugin-platform-contract-common';
import { readWorkspaceFiles } from '@groundwork/plugin-platform-contract-node';
import { BackstageTarget, requestPlatformContract } from '../backstage';
import { LocalRepository } from './repository';

/**
 * Checks a local repository through the backend's check endpoint: the
 * organisation's contracts, catalog look-ups and file-fact definitions.
 * The repository's text files are sent as the scaffolder action sends a
 * workspace (within the endpoint's limits).
 */
export async function checkOnline(
  target: BackstageTarget,
  repository: LocalRepository,
): Promise<CheckEntityResponse> {
  const { files } = await readWorkspaceFiles(repository.dir);
  return requestPlatformContract<CheckEntityResponse>(
    target,
    'POST',
    '/check',
    {
      entity: repository.entity as CheckEntityRequest['entity'],
      files,
    } satisfies CheckEntityRequest,
  );
}

/** The backend's contracts with their levels, for `--fail-on <level>`. */
export async function onlineContractLevels(target: BackstageTarget) {
  const { items } = await requestPlatformContract<ContractListResponse>(
    target,
    'GET',
    '/contracts',
  );
  return items;
}
