import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { Box, Chip, Paper, Typography } from '@material-ui/core';
import ArrowForwardIcon from '@material-ui/icons/ArrowForward';
import { Alert } from '@material-ui/lab';
import { ModelLineage, Traceability } from '@groundwork/plugin-mlops-common';
import { ReactNode } from 'react';
import { formatTime } from '../common/format';

const SEVERITY: Record<Traceability, 'success' | 'warning' | 'error'> = {
  traceable: 'success',
  partial: 'warning',
  untraceable: 'error',
};

export const TraceabilityChip = ({ value }: { value: Traceability }) => (
  <Chip
    size="small"
    label={value}
    style={{
      backgroundColor: {
        traceable: '#c8e6c9',
        partial: '#ffe0b2',
        untraceable: '#ffcdd2',
      }[value],
    }}
  />
);

const Step = ({
  title,
  children,
  missing,
}: {
  title: string;
  children: ReactNode;
  missing?: boolean;
}) => (
  <Paper
    variant="outlined"
    style={{ padding: 12, minWidth: 180, opacity: missing ? 0.6 : 1 }}
  >
    <Typography variant="overline">{title}</Typography>
    <Box>{children}</Box>
  </Paper>
);

/** Model version → source run → datasets → git commit → catalog entity. */
export const LineageView = ({ lineage }: { lineage: ModelLineage }) => {
  const { modelVersion, run, git, datasets, codeOwner } = lineage;
  const arrow = <ArrowForwardIcon color="action" />;
  return (
    <Box>
      <Alert severity={SEVERITY[lineage.traceability]}>
        {modelVersion.name} v{modelVersion.version} is {lineage.traceability}
        {lineage.gaps.length > 0 && (
          <ul style={{ margin: 0 }}>
            {lineage.gaps.map(g => (
              <li key={g}>{g}</li>
            ))}
          </ul>
        )}
      </Alert>
      <Box
        display="flex"
        alignItems="center"
        flexWrap="wrap"
        style={{ gap: 8 }}
        mt={2}
        aria-label="lineage"
      >
        <Step title="Model version">
          {modelVersion.name} v{modelVersion.version}
          <br />
          {modelVersion.aliases.map(a => (
            <Chip
              key={a}
              size="small"
              label={`@${a}`}
              style={{ marginRight: 4 }}
            />
          ))}
        </Step>
        {arrow}
        <Step title="Run" missing={!run}>
          {run ? (
            <>
              {run.runName} ({run.status})
              <br />
              <Typography variant="caption">
                {formatTime(run.startTime)}
              </Typography>
            </>
          ) : (
            'no source run'
          )}
        </Step>
        {arrow}
        <Step title="Datasets" missing={datasets.length === 0}>
          {datasets.length
            ? datasets.map(d => (
                <div key={`${d.name}@${d.digest}`}>
                  {d.name}{' '}
                  <Typography variant="caption">#{d.digest}</Typography>
                </div>
              ))
            : 'none logged'}
        </Step>
        {arrow}
        <Step title="Commit" missing={!git?.commit}>
          {git?.commit ? (
            <>
              {git.commit.slice(0, 12)}
              <br />
              <Typography variant="caption">{git.repoUrl}</Typography>
            </>
          ) : (
            'not recorded'
          )}
        </Step>
        {arrow}
        <Step title="Catalog entity" missing={!codeOwner}>
          {codeOwner ? (
            <EntityRefLink entityRef={codeOwner.entityRef} />
          ) : (
            'no entity owns this repository'
          )}
        </Step>
      </Box>
    </Box>
  );
};
