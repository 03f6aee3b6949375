import { useApi } from '@backstage/core-plugin-api';
import {
  Box,
  Button,
  Checkbox,
  Chip,
  FormControl,
  InputLabel,
  LinearProgress,
  Link,
  ListItemText,
  MenuItem,
  Select,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  TableSortLabel,
  TextField,
  Typography,
} from '@material-ui/core';
import { RunSummary } from '@groundwork/plugin-mlops-common';
import { useEffect, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { mlopsApiRef } from '../../api';
import { MlopsErrorPanel } from '../common/MlopsErrorPanel';
import { formatDuration, formatMetric, formatTime } from '../common/format';

export interface RunsTableProps {
  entityRef: string;
  experimentIds: string[];
  selected: RunSummary[];
  onSelectedChange(runs: RunSummary[]): void;
  onOpenRun(runId: string): void;
  /** Called with the metric keys seen, for charts. */
  onMetricKeys?(keys: string[]): void;
  pageSize?: number;
}

interface Sort {
  column: string;
  orderBy: string;
  direction: 'asc' | 'desc';
}

const quoteKey = (key: string) => `\`${key}\``;
/** Param and metric columns shown until the user picks some. */
const DEFAULT_COLUMNS = 4;

/** Runs of some experiments: MLflow filter, server-side sort and paging. */
export const RunsTable = (props: RunsTableProps) => {
  const {
    entityRef,
    experimentIds,
    selected,
    onSelectedChange,
    onOpenRun,
    onMetricKeys,
  } = props;
  const api = useApi(mlopsApiRef);
  const [filterInput, setFilterInput] = useState('');
  const [filter, setFilter] = useState('');
  const [sort, setSort] = useState<Sort | undefined>();
  const [paramColumns, setParamColumns] = useState<string[] | undefined>();
  const [metricColumns, setMetricColumns] = useState<string[] | undefined>();
  // page tokens of the current query; a new filter, sort or experiment starts over
  const queryKey = JSON.stringify([filter, sort, experimentIds]);
  const [paging, setPaging] = useState<{
    key: string;
    tokens: Array<string | undefined>;
  }>({
    key: queryKey,
    tokens: [undefined],
  });
  const tokens = paging.key === queryKey ? paging.tokens : [undefined];
  const setTokens = (next: Array<string | undefined>) =>
    setPaging({ key: queryKey, tokens: next });
  const page = tokens.length - 1;
  const pageSize = props.pageSize ?? 25;

  const { value, loading, error } = useAsync(
    () =>
      api.getRuns(entityRef, {
        experimentIds,
        filter: filter || undefined,
        orderBy: sort
          ? [`${sort.orderBy} ${sort.direction.toUpperCase()}`]
          : undefined,
        pageSize,
        pageToken: tokens[page],
        // the very first request carries the column choice too: the picked
        // columns, or the default ones, which the server picks and reports
        params: paramColumns,
        metrics: metricColumns,
        defaultColumns: DEFAULT_COLUMNS,
      }),
    [api, entityRef, queryKey, page, tokens[page], paramColumns, metricColumns],
  );

  useEffect(() => {
    if (value && onMetricKeys) onMetricKeys(value.availableMetrics);
  }, [value, onMetricKeys]);

  const shownParams = paramColumns ?? value?.columns.params ?? [];
  const shownMetrics = metricColumns ?? value?.columns.metrics ?? [];
  const isSelected = (run: RunSummary) =>
    selected.some(s => s.runId === run.runId);
  const toggle = (run: RunSummary) =>
    onSelectedChange(
      isSelected(run)
        ? selected.filter(s => s.runId !== run.runId)
        : [...selected, run],
    );

  const header = (column: string, label: string, orderBy: string) => (
    <TableCell
      key={column}
      sortDirection={sort?.column === column ? sort.direction : false}
    >
      <TableSortLabel
        active={sort?.column === column}
        direction={sort?.column === column ? sort.direction : 'asc'}
        onClick={() =>
          setSort({
            column,
            orderBy,
            direction:
              sort?.column === column && sort.direction === 'asc'
                ? 'desc'
                : 'asc',
          })
        }
      >
        {label}
      </TableSortLabel>
    </TableCell>
  );

  const columnPicker = (
    label: string,
    available: string[],
    shown: string[],
    set: (v: string[]) => void,
  ) => (
    <FormControl style={{ minWidth: 200, maxWidth: 320 }}>
      <InputLabel id={`mlops-cols-${label}`}>{label}</InputLabel>
      <Select
        labelId={`mlops-cols-${label}`}
        multiple
        value={shown}
        onChange={e => set(e.target.value as string[])}
        renderValue={v => (v as string[]).join(', ')}
      >
        {[...new Set([...available, ...shown])].map(key => (
          <MenuItem key={key} value={key}>
            <Checkbox checked={shown.includes(key)} />
            <ListItemText primary={key} />
          </MenuItem>
        ))}
      </Select>
    </FormControl>
  );

  return (
    <Box>
      <Box
        display="flex"
        flexWrap="wrap"
        alignItems="flex-end"
        style={{ gap: 16 }}
        mb={1}
      >
        <form
          style={{
            flex: 1,
            minWidth: 320,
            display: 'flex',
            gap: 8,
            alignItems: 'flex-end',
          }}
          onSubmit={e => {
            e.preventDefault();
            setFilter(filterInput.trim());
          }}
        >
          <TextField
            fullWidth
            label="MLflow filter"
            placeholder="metrics.val_loss < 0.2 AND params.model_type = 'lightgbm'"
            value={filterInput}
            onChange={e => setFilterInput(e.target.value)}
            inputProps={{ 'aria-label': 'MLflow filter' }}
          />
          <Button type="submit" variant="outlined">
            Apply
          </Button>
        </form>
        {columnPicker(
          'Param columns',
          value?.availableParams ?? [],
          shownParams,
          setParamColumns,
        )}
        {columnPicker(
          'Metric columns',
          value?.availableMetrics ?? [],
          shownMetrics,
          setMetricColumns,
        )}
      </Box>
      {error && <MlopsErrorPanel error={error} />}
      {loading && <LinearProgress />}
      {value && value.runs.length === 0 && !loading && (
        <Typography variant="body2" style={{ padding: 16 }}>
          {filter || page > 0
            ? 'No runs match this filter.'
            : 'This experiment has no runs yet.'}
        </Typography>
      )}
      {value && value.runs.length > 0 && (
        <TableContainer>
          <Table size="small" aria-label="runs">
            <TableHead>
              <TableRow>
                <TableCell padding="checkbox" />
                {header('name', 'Run', 'attributes.run_name')}
                {header('status', 'Status', 'attributes.status')}
                {header('start', 'Started', 'attributes.start_time')}
                <TableCell>Duration</TableCell>
                {shownParams.map(k =>
                  header(`p:${k}`, k, `params.${quoteKey(k)}`),
                )}
                {shownMetrics.map(k =>
                  header(`m:${k}`, k, `metrics.${quoteKey(k)}`),
                )}
              </TableRow>
            </TableHead>
            <TableBody>
              {value.runs.map(run => (
                <TableRow key={run.runId} hover selected={isSelected(run)}>
                  <TableCell padding="checkbox">
                    <Checkbox
                      checked={isSelected(run)}
                      onChange={() => toggle(run)}
                      inputProps={{ 'aria-label': `select ${run.runName}` }}
                    />
                  </TableCell>
                  <TableCell>
                    <Link
                      component="button"
                      onClick={() => onOpenRun(run.runId)}
                    >
                      {run.runName}
                    </Link>
                    {run.parentRunId && (
                      <Chip
                        size="small"
                        label="nested"
                        style={{ marginLeft: 4 }}
                      />
                    )}
                  </TableCell>
                  <TableCell>{run.status}</TableCell>
                  <TableCell>{formatTime(run.startTime)}</TableCell>
                  <TableCell>
                    {formatDuration(run.startTime, run.endTime)}
                  </TableCell>
                  {shownParams.map(k => (
                    <TableCell key={k}>{run.params[k] ?? ''}</TableCell>
                  ))}
                  {shownMetrics.map(k => (
                    <TableCell key={k} align="right">
                      {formatMetric(run.metrics[k])}
                    </TableCell>
                  ))}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      )}
      <Box
        display="flex"
        justifyContent="flex-end"
        alignItems="center"
        style={{ gap: 8 }}
        mt={1}
      >
        <Typography variant="caption">Page {page + 1}</Typography>
        <Button
          size="small"
          disabled={page === 0 || loading}
          onClick={() => setTokens(tokens.slice(0, -1))}
        >
          Previous
        </Button>
        <Button
          size="small"
          disabled={!value?.nextPageToken || loading}
          onClick={() => setTokens([...tokens, value!.nextPageToken])}
        >
          Next
        </Button>
      </Box>
    </Box>
  );
};
