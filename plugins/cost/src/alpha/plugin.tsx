import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import AttachMoneyIcon from '@material-ui/icons/AttachMoney';
import { rootRouteRef } from '../routes';
import { costApi } from './apis';
import { entityCostCard } from './entityCards';
import { entityCostContent, groupCostContent } from './entityContent';
import { costPage } from './pages';

/**
 * The Cost plugin for the new frontend system.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'cost',
  title: 'Cost',
  icon: <AttachMoneyIcon />,
  routes: { root: rootRouteRef },
  extensions: [
    costApi,
    costPage,
    entityCostCard,
    entityCostContent,
    groupCostContent,
  ],
});
