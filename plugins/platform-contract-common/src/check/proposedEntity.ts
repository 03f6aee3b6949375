import {
  apiEntityV1alpha1Validator,
  componentEntityV1alpha1Validator,
  DefaultNamespaceEntityPolicy,
  domainEntityV1alpha1Validator,
  Entity,
  EntityPolicies,
  KindValidator,
  FieldFormatEntityPolicy,
  groupEntityV1alpha1Validator,
  locationEntityV1alpha1Validator,
  NoForeignRootFieldsEntityPolicy,
  resourceEntityV1alpha1Validator,
  SchemaValidEntityPolicy,
  systemEntityV1alpha1Validator,
  userEntityV1alpha1Validator,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';

/** What the catalog enforces on an entity before it accepts it. */
const entityPolicy = EntityPolicies.allOf([
  new DefaultNamespaceEntityPolicy(),
  new NoForeignRootFieldsEntityPolicy(),
  new FieldFormatEntityPolicy(),
  new SchemaValidEntityPolicy(),
]);
/**
 * The catalog's built-in kinds; other kinds are left to the processors that
 * handle them. By kind, as each validator compiles its schema on first use
 * (most of a CLI check's start-up if all were compiled) and passes over
 * other kinds anyway.
 */
const kindValidators: Record<string, KindValidator> = {
  api: apiEntityV1alpha1Validator,
  component: componentEntityV1alpha1Validator,
  domain: domainEntityV1alpha1Validator,
  group: groupEntityV1alpha1Validator,
  location: locationEntityV1alpha1Validator,
  resource: resourceEntityV1alpha1Validator,
  system: systemEntityV1alpha1Validator,
  user: userEntityV1alpha1Validator,
};

/**
 * A proposed entity (e.g. a catalog-info.yaml) as the catalog would take it
 * in, or an `InputError` saying what to fix.
 *
 * @public
 */
export async function proposedEntity(
  raw: Record<string, unknown>,
): Promise<Entity> {
  // The catalog computes these; a catalog-info.yaml never holds them.
  const { relations: _relations, status: _status, ...written } = raw;
  let entity: Entity | undefined;
  try {
    entity = await entityPolicy.enforce(written as unknown as Entity);
  } catch (e) {
    throw new InputError(`entity: ${(e as Error).message}`);
  }
  if (!entity) throw new InputError('entity: refused by the catalog policy');
  const validator = kindValidators[entity.kind.toLocaleLowerCase('en-US')];
  try {
    await validator?.check(entity);
  } catch (e) {
    throw new InputError(
      `entity (${entity.apiVersion} ${entity.kind}): ${(e as Error).message}`,
    );
  }
  return entity;
}
