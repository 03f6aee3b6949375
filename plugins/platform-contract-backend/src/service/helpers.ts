import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotAllowedError } from '@backstage/errors';
import { z } from 'zod/v4';
import {
  AuthorizeResult,
  BasicPermission,
} from '@backstage/plugin-permission-common';

/** Throws a 403 unless the permission policy allows the (basic) permission. */
export async function requirePermission(
  permissions: PermissionsService,
  credentials: BackstageCredentials,
  permission: BasicPermission,
) {
  const [result] = await permissions.authorize([{ permission }], {
    credentials,
  });
  if (result.result !== AuthorizeResult.ALLOW) {
    throw new NotAllowedError(`Permission ${permission.name} denied`);
  }
}

/** The entity's owner (its `ownedBy` relation), as the catalog resolved it. */
export function ownerRefOf(entity: Entity): string | undefined {
  return entity.relations?.find(r => r.type === RELATION_OWNED_BY)?.targetRef;
}

/** Entity refs are stored lowercased; `field` names the input in the 400. */
export function normalizeEntityRef(
  ref: string,
  field: string,
  defaultKind?: string,
) {
  try {
    return stringifyEntityRef(
      parseEntityRef(ref, { defaultKind, defaultNamespace: 'default' }),
    ).toLocaleLowerCase('en-US');
  } catch (e) {
    throw new InputError(`${field}: ${(e as Error).message}`);
  }
}

/** Parses input with a zod schema, turning failures into 400s that name the field. */
export function parseInput<T extends z.ZodType>(
  schema: T,
  value: unknown,
): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new InputError(
      result.error.issues
        .map(i => `${i.path.join('.') || 'body'}: ${i.message}`)
        .join('; '),
    );
  }
  return result.data;
}
