import { CommitmentReport } from '@groundwork/plugin-cost-common';
import Box from '@material-ui/core/Box';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { CHART_COLORS } from '../shared/chartColors';
import { formatMoney } from '../shared/format';
import { commitmentLabels } from './format';

const TOTAL = 'All commitments';

const percentOf = (share: number | null) =>
  share === null ? null : Math.round(share * 1000) / 10;

/** Utilisation (%) by month: each commitment, and all of them together. */
export const UtilisationChart = ({ report }: { report: CommitmentReport }) => {
  const { commitments, months } = report.utilisation;
  const names = commitmentLabels(commitments);
  const data = months.map((point, m) => ({
    month: point.month,
    [TOTAL]: percentOf(point.utilisation),
    ...Object.fromEntries(
      commitments.map((c, i) => [names[i], percentOf(c.months[m].utilisation)]),
    ),
  }));
  return (
    <Box role="figure" aria-label="utilisation chart">
      <ResponsiveContainer
        width="100%"
        height={300}
        initialDimension={{ width: 800, height: 300 }}
      >
        <LineChart data={data}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="month" />
          <YAxis unit="%" domain={[0, 100]} width={50} />
          <Tooltip formatter={v => (v === null ? '–' : `${v}%`)} />
          <Legend />
          <Line
            dataKey={TOTAL}
            stroke="#000000"
            strokeWidth={3}
            connectNulls={false}
            isAnimationActive={false}
          />
          {names.map((name, i) => (
            <Line
              key={name}
              dataKey={name}
              stroke={CHART_COLORS[i % CHART_COLORS.length]}
              strokeDasharray="5 3"
              connectNulls={false}
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </Box>
  );
};

/** Savings (list − effective cost of committed usage) by month. */
export const SavingsChart = ({
  report,
}: {
  report: Pick<CommitmentReport, 'savings' | 'currency'>;
}) => {
  const money = (v: number) => formatMoney(v, report.currency);
  return (
    <Box role="figure" aria-label="savings chart">
      <ResponsiveContainer
        width="100%"
        height={260}
        initialDimension={{ width: 800, height: 260 }}
      >
        <BarChart data={report.savings.months}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="month" />
          <YAxis tickFormatter={money} width={80} />
          <Tooltip formatter={v => money(Number(v))} />
          <Bar
            dataKey="savings"
            name="Savings"
            fill="#2ca02c"
            isAnimationActive={false}
          />
        </BarChart>
      </ResponsiveContainer>
    </Box>
  );
};
