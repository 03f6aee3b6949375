import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import TimelineIcon from '@material-ui/icons/Timeline';
import { rootRouteRef } from '../routes';
import { mlopsApi } from './apis';
import { mlModelsEntityCard } from './entityCards';
import {
  mlExperimentsEntityContent,
  mlModelsEntityContent,
} from './entityContent';
import { mlopsPage } from './pages';

/**
 * The MLOps plugin for the new frontend system.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'mlops',
  title: 'MLOps',
  icon: <TimelineIcon />,
  routes: { root: rootRouteRef },
  extensions: [
    mlopsApi,
    mlopsPage,
    mlExperimentsEntityContent,
    mlModelsEntityContent,
    mlModelsEntityCard,
  ],
});
