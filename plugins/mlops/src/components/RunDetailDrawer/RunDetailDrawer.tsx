import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  Box,
  Chip,
  Drawer,
  IconButton,
  Link,
  Table,
  TableBody,
  TableCell,
  TableRow,
  Typography,
} from '@material-ui/core';
import CloseIcon from '@material-ui/icons/Close';
import { Alert } from '@material-ui/lab';
import { RunDetail } from '@groundwork/plugin-mlops-common';
import { ReactNode } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { mlopsApiRef } from '../../api';
import { MlopsErrorPanel } from '../common/MlopsErrorPanel';
import {
  formatBytes,
  formatDuration,
  formatMetric,
  formatTime,
} from '../common/format';

const Section = ({
  title,
  children,
}: {
  title: string;
  children: ReactNode;
}) => (
  <Box mt={2}>
    <Typography variant="h6">{title}</Typography>
    {children}
  </Box>
);

const KeyValues = ({ rows }: { rows: Array<[string, ReactNode]> }) =>
  rows.length ? (
    <Table size="small">
      <TableBody>
        {rows.map(([k, v]) => (
          <TableRow key={k}>
            <TableCell component="th" style={{ width: '40%' }}>
              {k}
            </TableCell>
            <TableCell>{v}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  ) : (
    <Typography variant="body2">None</Typography>
  );

/** Everything about one run. */
export const RunDetailView = ({
  detail,
  onOpenRun,
}: {
  detail: RunDetail;
  onOpenRun(runId: string): void;
}) => {
  const { run, git } = detail;
  const commitUrl =
    git.repoUrl &&
    git.commit &&
    /^https:\/\/(github|gitlab)\.com\//.test(git.repoUrl)
      ? `${git.repoUrl.replace(/\.git$/, '')}/commit/${git.commit}`
      : undefined;
  let commit: ReactNode = git.commit ?? 'not recorded';
  if (git.commit && commitUrl) {
    commit = (
      <Link href={commitUrl} target="_blank" rel="noopener">
        {git.commit.slice(0, 12)}
      </Link>
    );
  }
  return (
    <>
      <Typography variant="h5">{run.runName}</Typography>
      <Typography variant="body2" color="textSecondary">
        {run.runId} · {run.status} · started {formatTime(run.startTime)}
        {run.endTime ? ` · ${formatDuration(run.startTime, run.endTime)}` : ''}
        {run.userId ? ` · ${run.userId}` : ''}
      </Typography>
      {detail.degraded?.map(d => (
        <Alert key={d.part} severity="warning" style={{ marginTop: 8 }}>
          Could not load the run's {d.part}: {d.message}
        </Alert>
      ))}
      <Section title="Source">
        <KeyValues
          rows={[
            ['Repository', git.repoUrl ?? 'not recorded'],
            ['Commit', commit],
            ['Branch', git.branch ?? ''],
            ['Entry point', detail.source.name ?? ''],
          ]}
        />
      </Section>
      {(detail.parent || detail.children.length > 0) && (
        <Section title="Nested runs">
          {detail.parent && (
            <Typography variant="body2">
              Parent:{' '}
              <Link
                component="button"
                onClick={() => onOpenRun(detail.parent!.runId)}
              >
                {detail.parent.runName}
              </Link>
            </Typography>
          )}
          {detail.children.length > 0 && (
            <Box display="flex" flexWrap="wrap" style={{ gap: 4 }}>
              {detail.children.map(c => (
                <Chip
                  key={c.runId}
                  size="small"
                  label={`${c.runName} (${c.status})`}
                  onClick={() => onOpenRun(c.runId)}
                />
              ))}
            </Box>
          )}
        </Section>
      )}
      <Section title="Datasets">
        <KeyValues
          rows={detail.datasets.map(d => [
            `${d.name}${d.context ? ` (${d.context})` : ''}`,
            <>
              digest {d.digest} · {d.sourceType}
              <br />
              <Typography variant="caption">{d.source}</Typography>
            </>,
          ])}
        />
      </Section>
      <Section title="Parameters">
        <KeyValues rows={Object.entries(detail.params)} />
      </Section>
      <Section title="Metrics (latest)">
        <KeyValues
          rows={Object.entries(detail.metrics).map(([k, m]) => [
            k,
            `${formatMetric(m.value)} (step ${m.step})`,
          ])}
        />
      </Section>
      <Section title="Artifacts">
        <KeyValues
          rows={detail.artifacts.map(a => [
            a.isDir ? `${a.path}/` : a.path,
            formatBytes(a.fileSize),
          ])}
        />
      </Section>
      <Section title="Tags">
        <KeyValues
          rows={Object.entries(detail.tags).filter(
            ([k]) => !k.startsWith('mlflow.source.git'),
          )}
        />
      </Section>
    </>
  );
};

/** A side drawer loading and showing one run. */
export const RunDetailDrawer = ({
  entityRef,
  runId,
  onClose,
  onOpenRun,
}: {
  entityRef: string;
  runId?: string;
  onClose(): void;
  onOpenRun(runId: string): void;
}) => {
  const api = useApi(mlopsApiRef);
  const { value, loading, error } = useAsync(
    async () => (runId ? api.getRun(entityRef, runId) : undefined),
    [api, entityRef, runId],
  );
  return (
    <Drawer anchor="right" open={Boolean(runId)} onClose={onClose}>
      <Box
        width={640}
        maxWidth="100vw"
        p={3}
        role="region"
        aria-label="run detail"
      >
        <Box display="flex" justifyContent="flex-end">
          <IconButton aria-label="close" onClick={onClose}>
            <CloseIcon />
          </IconButton>
        </Box>
        {loading && <Progress />}
        {error && <MlopsErrorPanel error={error} />}
        {value && <RunDetailView detail={value} onOpenRun={onOpenRun} />}
      </Box>
    </Drawer>
  );
};
