import { Typography } from '@material-ui/core';
import { HistoryPoint } from '@groundwork/plugin-platform-contract-common';
import {
  CartesianGrid,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';

/** Daily score over time, one point per day's last evaluation. */
export const TrendChart = ({ points, height = 240 }: { points: HistoryPoint[]; height?: number }) => {
  if (points.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No history yet: a point is recorded each day the contract is evaluated.
      </Typography>
    );
  }
  return (
    <ResponsiveContainer width="100%" height={height}>
      <LineChart data={points} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="day" minTickGap={24} />
        <YAxis domain={[0, 100]} unit="%" width={48} />
        <Tooltip formatter={(value: unknown) => [`${value}%`, 'Score']} />
        <Line type="monotone" dataKey="score" stroke="#1f77b4" strokeWidth={2} dot={points.length < 40} isAnimationActive={false} />
      </LineChart>
    </ResponsiveContainer>
  );
};
