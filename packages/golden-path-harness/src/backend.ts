import { BackendFeature } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import type { RepositoryFileFact } from '@groundwork/plugin-platform-contract-common';
// The harness runs the real platform contract backend next to the scaffolder.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import { platformContractPlugin } from '@groundwork/plugin-platform-contract-backend';
import scaffolderModuleGroundwork from '@groundwork/plugin-scaffolder-backend-module-groundwork';
import { inMemoryDatabaseServiceFactory } from './database';
import { costStandIn, mlopsStandIn } from './neighbourPlugins';
import { offlineCatalogServiceFactory } from './offlineCatalog';
import { HarnessServer, serverUrl } from './server';

/** Where the in-process catalog's entities come from. */
export type HarnessCatalog =
  | {
      /** Catalog files the real catalog reads, e.g. an organisation's groups. */
      locations: string[];
      /** A group to wait for until the catalog serves it with its members. */
      awaitGroup?: string;
    }
  | {
      /**
       * Offline: only these entities (the template under test); looking up
       * others throws, so the contract's catalog facts are unknown.
       */
      entities: Entity[];
    };

export interface GoldenPathBackendOptions {
  /** Platform contract files, as `platformContract.contracts`. */
  contracts: string[];
  /** `platformContract.repositoryFiles.facts`. */
  repositoryFileFacts: RepositoryFileFact[];
  catalog: HarnessCatalog;
  /** More backend features, e.g. a git host's scaffolder module. */
  extraFeatures?: BackendFeature[];
  /** More top-level config, e.g. `integrations`. */
  extraConfig?: Record<string, unknown>;
}

/**
 * Starts a backend in this process with the real scaffolder, Groundwork's
 * scaffolder actions, the real platform contract backend and stand-ins for
 * the cost and MLOps backends, so a template's dry run runs every step it
 * would run in Backstage.
 */
export async function startGoldenPathBackend(
  options: GoldenPathBackendOptions,
) {
  const { catalog } = options;
  const backend = await startTestBackend({
    features: [
      scaffolderPlugin,
      platformContractPlugin,
      scaffolderModuleGroundwork,
      mlopsStandIn,
      costStandIn,
      // Offline (the CLI's one-shot process) the databases close on stop, so
      // the process can exit. In tests they stay open as startTestBackend's
      // do: closed early, the stopped backend's background work fails with
      // "Unable to acquire a connection" in whichever test runs next.
      ...('entities' in catalog
        ? [
            inMemoryDatabaseServiceFactory,
            offlineCatalogServiceFactory(catalog.entities),
          ]
        : [catalogPlugin]),
      ...(options.extraFeatures ?? []),
      mockServices.rootConfig.factory({
        data: {
          ...options.extraConfig,
          catalog:
            'locations' in catalog
              ? {
                  processingInterval: { seconds: 1 },
                  stitchingStrategy: { pollingInterval: { milliseconds: 100 } },
                  locations: catalog.locations.map(target => ({
                    type: 'file',
                    target,
                  })),
                  rules: [
                    {
                      allow: [
                        'Group',
                        'User',
                        'System',
                        'Domain',
                        'Location',
                        'Component',
                        'Template',
                      ],
                    },
                  ],
                }
              : undefined,
          platformContract: {
            ...(options.extraConfig?.platformContract as object),
            contracts: options.contracts,
            // Copies as plain objects, which config data must be.
            repositoryFiles: {
              facts: options.repositoryFileFacts.map(fact => ({ ...fact })),
            },
            // A dry run only checks; scheduled evaluations need no worker
            // thread (whose file a bundled CLI does not have).
            evaluation: { workerThread: false },
          },
        },
      }),
    ],
  });
  if ('locations' in catalog && catalog.awaitGroup) {
    await waitForGroup(backend.server, catalog.awaitGroup);
  }
  return backend;
}

/** Waits until the catalog has stitched the group with its member relations. */
async function waitForGroup(server: HarnessServer, groupRef: string) {
  const [kind, rest] = groupRef.split(':');
  const [namespace, name] = rest.split('/');
  const url = `${serverUrl(
    server,
  )}/api/catalog/entities/by-name/${kind}/${namespace}/${name}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    const res = await fetch(url, {
      headers: { Authorization: mockCredentials.user.header() },
    });
    const body = res.ok ? await res.json() : undefined;
    const relations: Array<{ type: string }> = body?.relations ?? [];
    if (relations.some(r => r.type === 'hasMember')) return;
    if (Date.now() > deadline) {
      throw new Error(
        `The catalog did not load ${groupRef} with members within 60 s (last status ${res.status})`,
      );
    }
    await new Promise(r => setTimeout(r, 100));
  }
}
