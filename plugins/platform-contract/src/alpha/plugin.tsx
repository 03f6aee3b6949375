import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import AssignmentTurnedInIcon from '@material-ui/icons/AssignmentTurnedIn';
import { rootRouteRef } from '../routes';
import { platformContractApi } from './apis';
import { entityScorecardCard } from './entityCards';
import { entityScorecardContent, groupScorecardContent } from './entityContent';
import { platformContractPage } from './pages';

/**
 * The platform contract plugin for the new frontend system.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'platform-contract',
  title: 'Platform contract',
  icon: <AssignmentTurnedInIcon />,
  routes: { root: rootRouteRef },
  extensions: [
    platformContractApi,
    platformContractPage,
    entityScorecardCard,
    entityScorecardContent,
    groupScorecardContent,
  ],
});
