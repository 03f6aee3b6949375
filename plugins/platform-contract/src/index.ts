/**
 * The platform contract and scorecards: rules every entity is checked against, waivers, history and roll-ups.
 *
 * Legacy frontend system exports; the new frontend system uses `/alpha`.
 *
 * @packageDocumentation
 */
export { platformContractPlugin, PlatformContractPage } from './plugin';
