import { CostSeries } from '@groundwork/plugin-cost-common';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatMoney } from '../shared/format';

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

/** Stacked cost per period and service category. */
export const CostChart = ({ series }: { series: CostSeries }) => {
  const keys = [
    ...new Set(series.points.flatMap(p => Object.keys(p.values))),
  ].sort();
  const data = series.points.map(p => ({ period: p.period, ...p.values }));
  return (
    <ResponsiveContainer
      width="100%"
      height={320}
      initialDimension={{ width: 800, height: 320 }}
    >
      <BarChart data={data}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="period" />
        <YAxis
          tickFormatter={(v: number) => formatMoney(v, series.currency)}
          width={80}
        />
        <Tooltip formatter={v => formatMoney(Number(v), series.currency)} />
        <Legend />
        {keys.map((key, i) => (
          <Bar
            key={key}
            dataKey={key}
            stackId="cost"
            fill={COLORS[i % COLORS.length]}
            isAnimationActive={false}
          />
        ))}
      </BarChart>
    </ResponsiveContainer>
  );
};
