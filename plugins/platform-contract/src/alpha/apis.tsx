import {
  ApiBlueprint,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { PlatformContractClient, platformContractApiRef } from '../api';

export const platformContractApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: platformContractApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new PlatformContractClient(deps),
    }),
});
