import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import AssignmentTurnedInIcon from '@material-ui/icons/AssignmentTurnedIn';
import { rootRouteRef } from '../routes';
import { platformContractPage } from './pages';

/**
 * The Platform contract plugin for the new frontend system.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'platform-contract',
  title: 'Platform contract',
 icon: <AssignmentTurnedInIcon />,
  routes: { root: rootRouteRef },
  extensions: [platformContractPage],
});
