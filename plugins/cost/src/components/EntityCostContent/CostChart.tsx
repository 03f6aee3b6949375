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
import { CHART_COLORS } from '../shared/chartColors';
import { formatMoney } from '../shared/format';

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
            fill={CHART_COLORS[i % CHART_COLORS.length]}
            isAnimationActive={false}
          />
        ))}
      </BarChart>
    </ResponsiveContainer>
  );
};
