export { PlatformContractPage } from './PlatformContractPage';
