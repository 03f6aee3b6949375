/**
 * Test helpers shared by Groundwork's packages. Not shipped.
 *
 * @packageDocumentation
 */
export { authWithActors, userInfoWithGroups } from './backendAuth';
export { createStoreTestDatabases, postgresTestDatabaseId } from './databases';
export { GROUNDWORK_BIN, runGroundwork } from './groundwork';
export { terminateConnectionsWhileWaitingOn } from './postgresFaults';
export { waitFor } from './waitFor';
