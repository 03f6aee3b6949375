import {
  InfoCard,
  MissingAnnotationEmptyState,
  Progress,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { Box, Chip, Grid, Typography } from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import {
  hasMlflowExperiments,
  MLFLOW_EXPERIMENT_ID_ANNOTATION,
  MLFLOW_EXPERIMENT_NAME_ANNOTATION,
  RunSummary,
} from '@groundwork/plugin-mlops-common';
import { useCallback, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { mlopsApiRef } from '../../api';
import { CompareRuns } from '../CompareRuns/CompareRuns';
import { MetricChart } from '../MetricCharts/MetricChart';
import { RunDetailDrawer } from '../RunDetailDrawer/RunDetailDrawer';
import { RunsTable } from '../RunsTable/RunsTable';
import { MlopsErrorPanel } from '../common/MlopsErrorPanel';

const MAX_SELECTED = 10;

/** The "ML experiments" entity tab. */
export const MlExperimentsContent = () => {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const api = useApi(mlopsApiRef);
  const annotated = hasMlflowExperiments(entity);
  const { value, loading, error } = useAsync(
    async () => (annotated ? api.getExperiments(entityRef) : undefined),
    [api, entityRef, annotated],
  );
  const [chosen, setChosen] = useState<string[] | undefined>();
  const [selected, setSelected] = useState<RunSummary[]>([]);
  const [openRun, setOpenRun] = useState<string | undefined>();
  const [metricKeys, setMetricKeys] = useState<string[]>([]);
  const onMetricKeys = useCallback(
    (keys: string[]) =>
      setMetricKeys(previous =>
        previous.join() === keys.join() ? previous : keys,
      ),
    [],
  );

  if (!annotated) {
    return (
      <MissingAnnotationEmptyState
        annotation={[
          MLFLOW_EXPERIMENT_NAME_ANNOTATION,
          MLFLOW_EXPERIMENT_ID_ANNOTATION,
        ]}
      />
    );
  }
  if (loading) return <Progress />;
  if (error) return <MlopsErrorPanel error={error} />;
  if (!value) return null;

  const experimentIds = chosen ?? value.experiments.map(e => e.experimentId);
  const toggle = (id: string) =>
    setChosen(
      experimentIds.includes(id)
        ? experimentIds.filter(e => e !== id)
        : [...experimentIds, id],
    );

  return (
    <Grid container spacing={2}>
      {value.missing.length > 0 && (
        <Grid item xs={12}>
          <Alert severity="warning">
            Not found on MLflow server '{value.server}':{' '}
            {value.missing.map(m => `${m.kind} '${m.value}'`).join(', ')}. Check
            the entity's annotations.
          </Alert>
        </Grid>
      )}
      {value.refused?.map(r => (
        <Grid item xs={12} key={`${r.kind}:${r.value}`}>
          <Alert severity="error">{r.message}</Alert>
        </Grid>
      ))}
      {value.experiments.length === 0 ? (
        <Grid item xs={12}>
          <Alert severity="info">
            None of this entity's experiments exist on MLflow server '
            {value.server}'
            {value.refused?.length ? ' or may be shown by it' : ''}.
          </Alert>
        </Grid>
      ) : (
        <>
          <Grid item xs={12}>
            <InfoCard title="Runs" subheader={`MLflow server: ${value.server}`}>
              <Box
                display="flex"
                style={{ gap: 8 }}
                mb={2}
                aria-label="experiments"
              >
                {value.experiments.map(e => (
                  <Chip
                    key={e.experimentId}
                    label={e.name}
                    color={
                      experimentIds.includes(e.experimentId)
                        ? 'primary'
                        : 'default'
                    }
                    onClick={() => toggle(e.experimentId)}
                  />
                ))}
              </Box>
              {experimentIds.length === 0 ? (
                <Typography variant="body2">
                  Pick at least one experiment.
                </Typography>
              ) : (
                <RunsTable
                  entityRef={entityRef}
                  experimentIds={experimentIds}
                  selected={selected}
                  onSelectedChange={runs =>
                    setSelected(runs.slice(-MAX_SELECTED))
                  }
                  onOpenRun={setOpenRun}
                  onMetricKeys={onMetricKeys}
                />
              )}
            </InfoCard>
          </Grid>
          <Grid item xs={12}>
            <InfoCard
              title="Metrics"
              subheader={
                selected.length
                  ? `${selected.length} selected run(s)`
                  : undefined
              }
            >
              {selected.length === 0 ? (
                <Typography variant="body2">
                  Select runs in the table to chart and compare them.
                </Typography>
              ) : (
                <MetricChart
                  entityRef={entityRef}
                  runs={selected}
                  metricKeys={metricKeys}
                />
              )}
            </InfoCard>
          </Grid>
          {selected.length >= 2 && (
            <Grid item xs={12}>
              <InfoCard title="Compare runs">
                <CompareRuns entityRef={entityRef} runs={selected} />
              </InfoCard>
            </Grid>
          )}
        </>
      )}
      <RunDetailDrawer
        entityRef={entityRef}
        runId={openRun}
        onClose={() => setOpenRun(undefined)}
        onOpenRun={setOpenRun}
      />
    </Grid>
  );
};
