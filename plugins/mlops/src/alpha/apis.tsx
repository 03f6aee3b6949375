import {
  ApiBlueprint,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { mlopsApiRef, MlopsClient } from '../api';

export const mlopsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: mlopsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new MlopsClient(deps),
    }),
});
