import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  Box,
  FormControl,
  InputLabel,
  MenuItem,
  Select,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import { RunSummary } from '@groundwork/plugin-mlops-common';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { mlopsApiRef } from '../../api';
import { MlopsErrorPanel } from '../common/MlopsErrorPanel';
import { formatMetric } from '../common/format';
import { differingParams } from './compare';
import { ParallelCoordinates } from './ParallelCoordinates';

/** Side by side: only the params that differ, the metrics, and a parallel-coordinates plot. */
export const CompareRuns = ({
  entityRef,
  runs,
}: {
  entityRef: string;
  runs: RunSummary[];
}) => {
  const api = useApi(mlopsApiRef);
  const {
    value: details,
    loading,
    error,
  } = useAsync(
    () => Promise.all(runs.map(r => api.getRun(entityRef, r.runId))),
    [api, entityRef, runs.map(r => r.runId).join(',')],
  );
  const metricKeys = [
    ...new Set((details ?? []).flatMap(d => Object.keys(d.metrics))),
  ].sort();
  const [metric, setMetric] = useState<string | undefined>();
  if (loading) return <Progress />;
  if (error) return <MlopsErrorPanel error={error} />;
  if (!details) return null;
  const params = differingParams(details);
  const chosenMetric = metric ?? metricKeys[0];
  return (
    <Box>
      <Typography variant="subtitle2">
        {params.length
          ? `${params.length} parameter(s) differ between the selected runs`
          : 'The selected runs have identical parameters'}
      </Typography>
      <Table size="small" aria-label="run comparison">
        <TableHead>
          <TableRow>
            <TableCell />
            {details.map(d => (
              <TableCell key={d.run.runId}>{d.run.runName}</TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {params.map(p => (
            <TableRow key={`p:${p}`}>
              <TableCell component="th">{p}</TableCell>
              {details.map(d => (
                <TableCell key={d.run.runId}>{d.params[p] ?? '—'}</TableCell>
              ))}
            </TableRow>
          ))}
          {metricKeys.map(m => (
            <TableRow key={`m:${m}`}>
              <TableCell component="th">
                <em>{m}</em>
              </TableCell>
              {details.map(d => (
                <TableCell key={d.run.runId}>
                  {formatMetric(d.metrics[m]?.value)}
                </TableCell>
              ))}
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {chosenMetric && params.length > 0 && (
        <Box mt={2}>
          <FormControl style={{ minWidth: 200 }}>
            <InputLabel id="mlops-pc-metric">Colour by metric</InputLabel>
            <Select
              labelId="mlops-pc-metric"
              value={chosenMetric}
              onChange={e => setMetric(e.target.value as string)}
            >
              {metricKeys.map(k => (
                <MenuItem key={k} value={k}>
                  {k}
                </MenuItem>
              ))}
            </Select>
          </FormControl>
          <ParallelCoordinates
            runs={details}
            params={params}
            metric={chosenMetric}
          />
        </Box>
      )}
    </Box>
  );
};
