import {
  Content,
  ContentHeader,
  EmptyState,
  Header,
  Page,
  Progress,
  SupportButton,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  Tooltip,
  Typography,
} from '@material-ui/core';
import useAsync from 'react-use/esm/useAsync';
import { mlopsApiRef } from '../../api';
import { MlopsErrorPanel } from '../common/MlopsErrorPanel';
import { formatMetric, formatTime } from '../common/format';
import { TraceabilityChip } from '../Models/LineageView';

/** Every ML project with its last run, best metric, production model and traceability. */
export const MlopsPage = () => {
  const api = useApi(mlopsApiRef);
  const { value, loading, error } = useAsync(() => api.getOverview(), [api]);
  return (
    <Page themeId="tool">
      <Header title="MLOps" subtitle="Groundwork" />
      <Content>
        <ContentHeader title="ML projects">
          <SupportButton>
            Every catalog component of type ml-project (or with MLflow
            annotations): its latest run, best run by its primary metric, the
            model version aliased champion and whether that version traces back
            to its run, data, commit and owning entity.
          </SupportButton>
        </ContentHeader>
        {loading && <Progress />}
        {error && <MlopsErrorPanel error={error} />}
        {value && value.projects.length === 0 && (
          <EmptyState
            missing="data"
            title="No ML projects yet"
            description="Give a catalog component spec.type ml-project and the mlflow.org/experiment-name annotation, and it will appear here with its MLflow experiments, last training run, best metric, production model and whether that model is traceable to its run, data and commit."
          />
        )}
        {value && value.projects.length > 0 && (
          <TableContainer>
            <Table aria-label="ML projects">
              <TableHead>
                <TableRow>
                  <TableCell>Project</TableCell>
                  <TableCell>Owner</TableCell>
                  <TableCell>Experiments</TableCell>
                  <TableCell>Last run</TableCell>
                  <TableCell>Best metric</TableCell>
                  <TableCell>Production model</TableCell>
                  <TableCell>Traceability</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {value.projects.map(p => (
                  <TableRow key={p.entityRef}>
                    <TableCell>
                      <EntityRefLink entityRef={p.entityRef} title={p.title} />
                    </TableCell>
                    <TableCell>
                      {p.owner && (
                        <EntityRefLink
                          entityRef={p.owner}
                          defaultKind="group"
                        />
                      )}
                    </TableCell>
                    {p.error ? (
                      <TableCell colSpan={5}>
                        <Typography color="error" variant="body2">
                          {p.error.name}: {p.error.message}
                        </Typography>
                      </TableCell>
                    ) : (
                      <>
                        <TableCell>
                          {p.experiments.join(', ') || '—'}
                          {[...(p.refused ?? []), ...(p.degraded ?? [])].map(
                            note => (
                              <Typography
                                key={note.message}
                                color="error"
                                variant="caption"
                                display="block"
                              >
                                {note.message}
                              </Typography>
                            ),
                          )}
                        </TableCell>
                        <TableCell>
                          {p.lastRun
                            ? `${p.lastRun.runName} (${
                                p.lastRun.status
                              }, ${formatTime(p.lastRun.startTime)})`
                            : 'no runs'}
                        </TableCell>
                        <TableCell>
                          {p.bestMetric
                            ? `${p.bestMetric.key} ${formatMetric(
                                p.bestMetric.value,
                              )} (${p.bestMetric.runName})`
                            : '—'}
                        </TableCell>
                        <TableCell>
                          {p.champion
                            ? `${p.champion.model} v${p.champion.version}`
                            : 'no @champion'}
                        </TableCell>
                        <TableCell>
                          {p.champion ? (
                            <Tooltip
                              title={
                                p.champion.gaps.join('; ') ||
                                'run, data, commit and owner all known'
                              }
                            >
                              <span>
                                <TraceabilityChip
                                  value={p.champion.traceability}
                                />
                              </span>
                            </Tooltip>
                          ) : (
                            '—'
                          )}
                        </TableCell>
                      </>
                    )}
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </TableContainer>
        )}
      </Content>
    </Page>
  );
};
