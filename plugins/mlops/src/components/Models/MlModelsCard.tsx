import {
  InfoCard,
  MissingAnnotationEmptyState,
  Progress,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  Box,
  Button,
  Chip,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import {
  hasMlflowModels,
  MLFLOW_REGISTERED_MODEL_ANNOTATION,
} from '@groundwork/plugin-mlops-common';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { mlopsApiRef } from '../../api';
import { MlopsErrorPanel } from '../common/MlopsErrorPanel';
import { formatTime } from '../common/format';
import { LineageView } from './LineageView';

const Lineage = ({
  entityRef,
  model,
  version,
}: {
  entityRef: string;
  model: string;
  version: string;
}) => {
  const api = useApi(mlopsApiRef);
  const { value, loading, error } = useAsync(
    () => api.getLineage(entityRef, model, version),
    [api, entityRef, model, version],
  );
  if (loading) return <Progress />;
  if (error) return <MlopsErrorPanel error={error} />;
  return value ? <LineageView lineage={value} /> : null;
};

/** Registered models of an entity, their versions and aliases, with lineage. */
export const MlModelsCard = () => {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const api = useApi(mlopsApiRef);
  const annotated = hasMlflowModels(entity);
  const { value, loading, error } = useAsync(
    async () => (annotated ? api.getModels(entityRef) : undefined),
    [api, entityRef, annotated],
  );
  const [traced, setTraced] = useState<
    { model: string; version: string } | undefined
  >();

  if (!annotated) {
    return (
      <MissingAnnotationEmptyState
        annotation={MLFLOW_REGISTERED_MODEL_ANNOTATION}
      />
    );
  }
  return (
    <InfoCard
      title="Models"
      subheader={value ? `MLflow server: ${value.server}` : undefined}
    >
      {loading && <Progress />}
      {error && <MlopsErrorPanel error={error} />}
      {value?.missing.map(m => (
        <Alert key={m.value} severity="warning">
          Registered model '{m.value}' does not exist on MLflow server '
          {value.server}'.
        </Alert>
      ))}
      {value?.refused?.map(r => (
        <Alert key={`refused:${r.value}`} severity="error">
          {r.message}
        </Alert>
      ))}
      {value?.models.map(model => (
        <Box key={model.name} mb={3}>
          <Typography variant="h6">{model.name}</Typography>
          {model.description && (
            <Typography variant="body2">{model.description}</Typography>
          )}
          <Box my={1} style={{ display: 'flex', gap: 4 }}>
            {Object.entries(model.aliases).map(([alias, version]) => (
              <Chip
                key={alias}
                size="small"
                color={alias === 'champion' ? 'primary' : 'default'}
                label={`@${alias} → v${version}`}
              />
            ))}
          </Box>
          <Table size="small" aria-label={`versions of ${model.name}`}>
            <TableHead>
              <TableRow>
                <TableCell>Version</TableCell>
                <TableCell>Aliases</TableCell>
                <TableCell>Status</TableCell>
                <TableCell>Created</TableCell>
                <TableCell>Source run</TableCell>
                <TableCell />
              </TableRow>
            </TableHead>
            <TableBody>
              {model.versions.map(v => (
                <TableRow key={v.version}>
                  <TableCell>v{v.version}</TableCell>
                  <TableCell>{v.aliases.map(a => `@${a}`).join(' ')}</TableCell>
                  <TableCell>{v.status ?? ''}</TableCell>
                  <TableCell>{formatTime(v.creationTimestamp)}</TableCell>
                  <TableCell>
                    {v.runId ? v.runId.slice(0, 8) : 'none'}
                  </TableCell>
                  <TableCell>
                    <Button
                      size="small"
                      onClick={() =>
                        setTraced({ model: model.name, version: v.version })
                      }
                    >
                      Lineage of v{v.version}
                    </Button>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          {traced?.model === model.name && (
            <Box mt={2}>
              <Lineage
                entityRef={entityRef}
                model={traced.model}
                version={traced.version}
              />
            </Box>
          )}
        </Box>
      ))}
    </InfoCard>
  );
};
