/**
 * The platform contract and scorecards: entity card and tab, team tab,
 * leadership page and contract pages.
 *
 * Legacy frontend system exports; the new frontend system uses `/alpha`.
 *
 * @packageDocumentation
 */
export {
  platformContractPlugin,
  PlatformContractPage,
  EntityScorecardCard,
  EntityScorecardContent,
  GroupScorecardContent,
} from './plugin';
export { platformContractApiRef, PlatformContractClient } from './api';
export type { PlatformContractApi } from './api';
