import { Gauge, InfoCard } from '@backstage/core-components';
import { Box, Chip, Typography } from '@material-ui/core';
import { Rollup } from '@groundwork/plugin-platform-contract-common';

/** Score, ground-rule compliance and level distribution of a roll-up. */
export const RollupSummary = ({ rollup, title }: { rollup: Rollup; title: string }) => (
  <InfoCard title={title} subheader={`${rollup.entityCount} entities, evaluated ${new Date(rollup.evaluatedAt).toLocaleString()}`}>
    <Box display="flex" style={{ gap: 24 }} alignItems="center">
      <Box width={140}>
        <Gauge value={rollup.score / 100} description="average score" />
      </Box>
      <Box>
        <Typography variant="h6">
          {rollup.groundRulesMetCount} of {rollup.entityCount} meet every ground rule
        </Typography>
        <Box display="flex" flexWrap="wrap" style={{ gap: 8 }} mt={1}>
          {Object.entries(rollup.levels).map(([level, count]) => (
            <Chip key={level} size="small" label={`${level}: ${count}`} />
          ))}
        </Box>
        <Typography variant="body2" color="textSecondary" style={{ marginTop: 8 }}>
          Rules: {rollup.counts.pass} pass, {rollup.counts.fail} fail, {rollup.counts.unknown} unknown, {rollup.counts.waived} waived
        </Typography>
      </Box>
    </Box>
  </InfoCard>
);
