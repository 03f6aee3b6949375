import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  Box,
  FormControl,
  FormControlLabel,
  InputLabel,
  MenuItem,
  Select,
  Slider,
  Switch,
  Typography,
} from '@material-ui/core';
import { RunSummary } from '@groundwork/plugin-mlops-common';
import { useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { mlopsApiRef } from '../../api';
import { MlopsErrorPanel } from '../common/MlopsErrorPanel';
import { formatMetric, formatTime } from '../common/format';
import { samplingNote, toChartLines, XAxisMode } from './chartData';

const COLORS = [
  '#1f77b4',
  '#ff7f0e',
  '#2ca02c',
  '#d62728',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#7f7f7f',
  '#bcbd22',
  '#17becf',
];

export interface MetricChartProps {
  entityRef: string;
  runs: RunSummary[];
  metricKeys: string[];
  /** Points per series asked from the backend. */
  maxPoints?: number;
  /** Fixed width for tests; responsive otherwise. */
  width?: number;
}

/** Histories of one metric for several runs, overlaid. */
export const MetricChart = ({
  entityRef,
  runs,
  metricKeys,
  maxPoints = 500,
  width,
}: MetricChartProps) => {
  const api = useApi(mlopsApiRef);
  const [chosenKey, setKey] = useState<string | undefined>();
  const key =
    chosenKey && metricKeys.includes(chosenKey)
      ? chosenKey
      : metricKeys[0] ?? '';
  const [xAxis, setXAxis] = useState<XAxisMode>('step');
  const [smoothing, setSmoothing] = useState(0);
  const [logScale, setLogScale] = useState(false);
  const runIds = runs.map(r => r.runId);
  const { value, loading, error } = useAsync(
    async () =>
      key && runIds.length
        ? api.getMetricHistories(entityRef, { runIds, keys: [key], maxPoints })
        : { series: [] },
    [api, entityRef, key, runIds.join(','), maxPoints],
  );
  const lines = useMemo(
    () => toChartLines(value?.series ?? [], { xAxis, smoothing, logScale }),
    [value, xAxis, smoothing, logScale],
  );
  const names = Object.fromEntries(runs.map(r => [r.runId, r.runName]));
  const chart = (
    <LineChart
      margin={{ top: 8, right: 24, bottom: 8, left: 8 }}
      width={width}
      height={width ? 320 : undefined}
    >
      <CartesianGrid strokeDasharray="3 3" />
      <XAxis
        dataKey="x"
        type="number"
        domain={['dataMin', 'dataMax']}
        allowDuplicatedCategory={false}
        tickFormatter={x =>
          xAxis === 'wall' ? formatTime(x).slice(5) : String(x)
        }
        label={{
          value: {
            step: 'step',
            wall: 'wall time',
            relative: 'seconds since start',
          }[xAxis],
          position: 'insideBottom',
          offset: -4,
        }}
      />
      <YAxis
        type="number"
        scale={logScale ? 'log' : 'linear'}
        domain={['auto', 'auto']}
        allowDataOverflow
        tickFormatter={y => formatMetric(y)}
      />
      <Tooltip
        formatter={(y: any) => formatMetric(y)}
        labelFormatter={x =>
          xAxis === 'wall' ? formatTime(Number(x)) : `${xAxis} ${x}`
        }
      />
      <Legend />
      {lines.map((line, i) => (
        <Line
          key={line.runId}
          data={line.points}
          dataKey="y"
          name={names[line.runId] ?? line.runId}
          stroke={COLORS[i % COLORS.length]}
          dot={false}
          isAnimationActive={false}
          connectNulls={false}
        />
      ))}
    </LineChart>
  );
  const diverged = lines.filter(l =>
    l.points.some(p => !Number.isFinite(p.raw)),
  );
  const sampling = samplingNote(value?.series ?? [], names);
  return (
    <Box>
      <Box
        display="flex"
        flexWrap="wrap"
        alignItems="center"
        style={{ gap: 16 }}
      >
        <FormControl style={{ minWidth: 160 }}>
          <InputLabel id="mlops-metric-key">Metric</InputLabel>
          <Select
            labelId="mlops-metric-key"
            value={key}
            onChange={e => setKey(e.target.value as string)}
          >
            {metricKeys.map(k => (
              <MenuItem key={k} value={k}>
                {k}
              </MenuItem>
            ))}
          </Select>
        </FormControl>
        <FormControl style={{ minWidth: 140 }}>
          <InputLabel id="mlops-x-axis">X axis</InputLabel>
          <Select
            labelId="mlops-x-axis"
            value={xAxis}
            onChange={e => setXAxis(e.target.value as XAxisMode)}
          >
            <MenuItem value="step">Step</MenuItem>
            <MenuItem value="wall">Wall time</MenuItem>
            <MenuItem value="relative">Relative time</MenuItem>
          </Select>
        </FormControl>
        <Box width={180}>
          <Typography variant="caption" id="mlops-smoothing">
            Smoothing {smoothing.toFixed(2)}
          </Typography>
          <Slider
            aria-labelledby="mlops-smoothing"
            min={0}
            max={0.99}
            step={0.01}
            value={smoothing}
            onChange={(_, v) => setSmoothing(v as number)}
          />
        </Box>
        <FormControlLabel
          control={
            <Switch
              checked={logScale}
              onChange={e => setLogScale(e.target.checked)}
            />
          }
          label="Log scale"
        />
      </Box>
      {error && <MlopsErrorPanel error={error} />}
      {loading && <Progress />}
      {!loading && !error && lines.length > 0 && (
        <>
          {width ? (
            chart
          ) : (
            <ResponsiveContainer width="100%" height={320}>
              {chart}
            </ResponsiveContainer>
          )}
          {sampling && (
            <Typography variant="caption" component="p">
              {sampling}
            </Typography>
          )}
          {diverged.length > 0 && (
            <Typography variant="caption" color="error">
              Not drawn: NaN or infinite values in{' '}
              {diverged.map(l => names[l.runId] ?? l.runId).join(', ')}
            </Typography>
          )}
        </>
      )}
    </Box>
  );
};
