/**
 * Test helpers shared by Groundwork's packages. Not shipped.
 *
 * @packageDocumentation
 */
export { createStoreTestDatabases } from './databases';
export { GROUNDWORK_BIN, runGroundwork } from './groundwork';
