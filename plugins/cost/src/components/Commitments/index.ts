export { OrganisationCommitments } from './OrganisationCommitments';
export { TeamCommitments } from './TeamCommitments';
