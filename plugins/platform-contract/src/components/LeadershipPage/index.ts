export { LeadershipPage } from './LeadershipPage';
