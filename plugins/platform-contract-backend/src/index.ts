/**
 * The platform contract and scorecards: rules every entity is checked against, waivers, history and roll-ups.
 *
 * @packageDocumentation
 */
export { platformContractPlugin as default } from './plugin';
