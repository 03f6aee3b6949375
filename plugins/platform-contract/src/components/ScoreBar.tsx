import { LinearProgress, Typography } from '@material-ui/core';

/** A 0–100 share as a number over a bar. */
export const ScoreBar = ({ score, label }: { score: number; label?: string }) => (
  <>
    <Typography variant="body2">{label ?? `${score}%`}</Typography>
    <LinearProgress variant="determinate" value={score} aria-label={label ?? `${score}%`} />
  </>
);
