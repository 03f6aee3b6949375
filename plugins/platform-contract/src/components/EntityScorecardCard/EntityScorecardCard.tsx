import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  EmptyState,
  Gauge,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { Box, Chip, List, ListItem, ListItemText, Typography } from '@material-ui/core';
import { GROUND_LEVEL } from '@groundwork/plugin-platform-contract-common';
import { StatusChip } from '../StatusChip';
import { useEntityResults } from '../useEntityResults';

/** Entity overview card: score, level reached and the ground rules that fail. */
export const EntityScorecardCard = () => {
  const { entity } = useEntity();
  const { value, loading, error } = useEntityResults(stringifyEntityRef(entity));

  if (loading) return <InfoCard title="Platform contract"><Progress /></InfoCard>;
  if (error) return <InfoCard title="Platform contract"><ResponseErrorPanel error={error} /></InfoCard>;
  if (!value?.items.length) {
    return (
      <InfoCard title="Platform contract">
        <EmptyState
          missing="data"
          title="Not scored yet"
          description="No platform contract applies to this entity, or it has not been evaluated yet. Open the Scorecard tab to evaluate it now."
        />
      </InfoCard>
    );
  }

  return (
    <InfoCard title="Platform contract" subheader="How this entity stands against the contracts that apply to it">
      {value.items.map(result => {
        const failingGroundRules = result.rules.filter(
          rule => rule.level === GROUND_LEVEL && (rule.status === 'fail' || rule.status === 'unknown'),
        );
        return (
          <Box key={result.contract} display="flex" alignItems="flex-start" mb={2} style={{ gap: 16 }}>
            <Box width={96} flexShrink={0}>
              <Gauge value={result.score / 100} />
            </Box>
            <Box flexGrow={1}>
              <Typography variant="subtitle1">{result.contractTitle ?? result.contract}</Typography>
              <Box display="flex" style={{ gap: 8 }} my={1}>
                <Chip size="small" label={`Level: ${result.level ?? 'none'}`} />
                <Chip
                  size="small"
                  color={result.groundRulesMet ? 'primary' : 'secondary'}
                  label={result.groundRulesMet ? 'Ground rules met' : 'Ground rules not met'}
                />
              </Box>
              {failingGroundRules.length > 0 && (
                <List dense disablePadding aria-label="Failing ground rules">
                  {failingGroundRules.map(rule => (
                    <ListItem key={rule.ruleId} disableGutters>
                      <ListItemText primary={rule.title} />
                      <StatusChip status={rule.status} />
                    </ListItem>
                  ))}
                </List>
              )}
            </Box>
          </Box>
        );
      })}
    </InfoCard>
  );
};
