export { platformContractApiRef } from './PlatformContractApi';
export type { PlatformContractApi } from './PlatformContractApi';
export { PlatformContractClient } from './PlatformContractClient';
