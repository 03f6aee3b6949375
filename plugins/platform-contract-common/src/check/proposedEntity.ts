import {
  apiEntityV1alpha1Validator,
  componentEntityV1alpha1Validator,
  DefaultNamespaceEntityPolicy,
  domainEntityV1alpha1Validator,
  Entity,
  EntityPolicies,
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
/** The catalog's built-in kinds; other kinds are left to the processors that handle them. */
const kindValidators = [
  apiEntityV1alpha1Validator,
  componentEntityV1alpha1Validator,
  domainEntityV1alpha1Validator,
  groupEntityV1alpha1Validator,
  locationEntityV1alpha1Validator,
  resourceEntityV1alpha1Validator,
  systemEntityV1alpha1Validator,
  userEntityV1alpha1Validator,
];

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
  for (const validator of kindValidators) {
    try {
      await validator.check(entity);
    } catch (e) {
      throw new InputError(
        `entity (${entity.apiVersion} ${entity.kind}): ${(e as Error).message}`,
      );
    }
  }
  return entity;
}
