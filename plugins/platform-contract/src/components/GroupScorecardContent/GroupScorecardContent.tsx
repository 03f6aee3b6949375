import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { Grid, Typography } from '@material-ui/core';
import { RuleFailureSummary } from '@groundwork/plugin-platform-contract-common';
import useAsync from 'react-use/esm/useAsync';
import { platformContractApiRef } from '../../api';
import { RollupSummary } from '../RollupSummary';
import { TrendChart } from '../TrendChart';

const worstRuleColumns: TableColumn<RuleFailureSummary>[] = [
  { title: 'Rule', field: 'title', render: r => <><Typography variant="body2">{r.title}</Typography><Typography variant="caption" color="textSecondary">{r.contract} · {r.ruleId} · {r.level}</Typography></> },
  { title: 'Failing', field: 'fail', defaultSort: 'desc' },
  { title: 'Unknown', field: 'unknown' },
  { title: 'Waived', field: 'waived' },
  { title: 'Entities', field: 'entityCount' },
];

/** Group tab: the team's roll-up (its own and its child groups' entities), trend and worst rules. */
export const GroupScorecardContent = () => {
  const { entity } = useEntity();
  const ref = stringifyEntityRef(entity).toLocaleLowerCase('en-US');
  const api = useApi(platformContractApiRef);
  const state = useAsync(async () => {
    const [rollups, history, rules] = await Promise.all([
      api.listRollups('group'),
      api.getRollupHistory('group', ref),
      api.getRollupRules('group', ref),
    ]);
    return { rollup: rollups.items.find(r => r.ref === ref), history, rules };
  }, [api, ref]);

  if (state.loading) return <Progress />;
  if (state.error) return <ResponseErrorPanel error={state.error} />;
  const { rollup, history, rules } = state.value!;
  if (!rollup) {
    return (
      <EmptyState
        missing="data"
        title="No scored entities"
        description="Neither this group nor its child groups own an entity that a platform contract applies to, or the catalog has not been evaluated yet."
      />
    );
  }
  return (
    <Grid container spacing={3}>
      <Grid item xs={12} md={5}>
        <RollupSummary rollup={rollup} title="Team compliance" />
      </Grid>
      <Grid item xs={12} md={7}>
        <InfoCard title="Trend" subheader="Average score of the team's entities, per day">
          <TrendChart points={history.points} />
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <Table<RuleFailureSummary>
          title="Worst rules"
          subtitle="Rules the team's entities fail most often; open an entity's Scorecard tab for how to fix them"
          options={{ paging: rules.items.length > 10, pageSize: 10, padding: 'dense', search: false }}
          columns={worstRuleColumns}
          data={rules.items.filter(r => r.fail + r.unknown > 0)}
          emptyContent={<Typography variant="body2" style={{ padding: 16 }}>Every rule passes or is waived. Well done.</Typography>}
        />
      </Grid>
    </Grid>
  );
};
