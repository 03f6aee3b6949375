/**
 * The platform contract and scorecards: rules every entity is checked against, waivers, history and roll-ups. Types shared by the frontend and the backend.
 *
 * @packageDocumentation
 */
export { platformContractPluginId } from './constants';
