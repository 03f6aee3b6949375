/**
 * Test helpers shared by Groundwork's packages. Not shipped.
 *
 * @packageDocumentation
 */
export { createStoreTestDatabases } from './databases';
