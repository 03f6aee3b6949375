/**
 * Groundwork's reference permission policy.
 *
 * @packageDocumentation
 */
export { permissionModuleGroundworkPolicy as default } from './module';
export { GroundworkPermissionPolicy } from './GroundworkPermissionPolicy';
