import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import { KeyValue } from '../mlflow/types';

/**
 * The MLflow tag (on an experiment or registered model) naming who owns it:
 * comma-separated entity refs, a group (`group:default/ml-team`, or just
 * `ml-team`) or the one catalog entity that shows it
 * (`component:default/churn-predictor`).
 */
export const OWNER_TAG = 'groundwork.dev/owner';

/** `mlops.mlflow.servers[].access[]`: names a group's entities may show. */
export interface AccessRule {
  /** A group ref, normalised (`group:default/ml-team`). */
  owner: string;
  experimentPrefixes: string[];
  modelPrefixes: string[];
}

export type BoundKind = 'experiment' | 'model';

const normalise = (ref: string, defaultNamespace = 'default') =>
  stringifyEntityRef(
    parseEntityRef(ref.trim(), { defaultKind: 'group', defaultNamespace }),
  ).toLocaleLowerCase('en-US');

/**
 * Which experiments and registered models of one MLflow server an entity may
 * show. Annotations are written by whoever registers the entity, so naming a
 * name is not enough: it must be bound to the entity's owner, by a configured
 * access rule (trusted: the platform team wrote it) or by the `OWNER_TAG`
 * MLflow tag (trusted when `trustOwnerTag`: only someone who may edit the
 * experiment or model in MLflow, and so may read it, can set it).
 */
export class NameBinding {
  static fromConfig(server: Config): NameBinding {
    const where = `mlops.mlflow.servers '${server.getString('name')}'`;
    const rules = (server.getOptionalConfigArray('access') ?? []).map(rule => {
      const owner = rule.getString('owner');
      try {
        return {
          owner: normalise(owner),
          experimentPrefixes:
            rule.getOptionalStringArray('experimentPrefixes') ?? [],
          modelPrefixes: rule.getOptionalStringArray('modelPrefixes') ?? [],
        };
      } catch (e) {
        throw new Error(
          `Invalid owner '${owner}' in ${where} access: ${
            (e as Error).message
          }; write a group ref such as group:default/ml-team`,
        );
      }
    });
    return new NameBinding(
      rules,
      server.getOptionalBoolean('trustOwnerTag') ?? true,
    );
  }

  constructor(
    private readonly rules: AccessRule[],
    private readonly trustOwnerTag: boolean,
  ) {}

  /**
   * Undefined when `entity` may show the experiment or model `name` (with its
   * MLflow `tags`), else why not and how to bind it.
   */
  refusal(
    entity: Entity,
    server: string,
    kind: BoundKind,
    name: string,
    tags: KeyValue[],
  ): string | undefined {
    const entityRef = stringifyEntityRef(entity).toLocaleLowerCase('en-US');
    const owner = ownerOf(entity);
    if (owner && this.ruleAllows(owner, kind, name)) return undefined;
    if (this.trustOwnerTag) {
      const claimed = tags.find(t => t.key === OWNER_TAG)?.value ?? '';
      const refs = claimed.split(',').flatMap(ref => {
        try {
          return [normalise(ref)];
        } catch {
          return []; // an unreadable ref binds nothing
        }
      });
      if (refs.some(ref => ref === owner || ref === entityRef)) {
        return undefined;
      }
    }
    const what = kind === 'experiment' ? 'experiment' : 'registered model';
    const bindings = [
      `an access rule for ${
        owner ?? 'its owner'
      } (mlops.mlflow.servers[].access in app-config)`,
      ...(this.trustOwnerTag
        ? [`the MLflow tag ${OWNER_TAG}=${owner ?? entityRef} on the ${what}`]
        : []),
    ];
    return `Not allowed: ${what} '${name}' on MLflow server '${server}' is not bound to ${
      owner ?? 'an owner'
    }, the owner of ${entityRef}. Its data is shown only to entities of its owner; bind it with ${bindings.join(
      ' or ',
    )}.`;
  }

  private ruleAllows(owner: string, kind: BoundKind, name: string) {
    return this.rules.some(
      rule =>
        rule.owner === owner &&
        (kind === 'experiment'
          ? rule.experimentPrefixes
          : rule.modelPrefixes
        ).some(prefix => name.startsWith(prefix)),
    );
  }
}

/** The entity's `spec.owner` as a normalised ref, if it has a readable one. */
function ownerOf(entity: Entity): string | undefined {
  const owner = entity.spec?.owner;
  if (typeof owner !== 'string') return undefined;
  try {
    return normalise(owner, entity.metadata.namespace ?? 'default');
  } catch {
    return undefined;
  }
}
