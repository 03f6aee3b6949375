import {
  Content,
  ContentHeader,
  EmptyState,
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { Grid, List, ListItem, ListItemText, Typography } from '@material-ui/core';
import { Rollup } from '@groundwork/plugin-platform-contract-common';
import useAsync from 'react-use/esm/useAsync';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { platformContractApiRef } from '../../api';
import { contractRouteRef } from '../../routes';
import { RollupSummary } from '../RollupSummary';
import { ScoreBar } from '../ScoreBar';
import { TrendChart } from '../TrendChart';
import { WaiverTable } from '../WaiverTable';
import { CampaignsCard } from './CampaignsCard';
import { ComplianceHeatmap } from './ComplianceHeatmap';

const teamColumns: TableColumn<Rollup>[] = [
  { title: 'Team', field: 'ref', render: r => <EntityRefLink entityRef={r.ref} defaultKind="group" /> },
  { title: 'Score', field: 'score', defaultSort: 'asc', render: r => <ScoreBar score={r.score} /> },
  { title: 'Entities', field: 'entityCount' },
  {
    title: 'Ground rules met',
    field: 'groundRulesMetCount',
    render: r => `${r.groundRulesMetCount} / ${r.entityCount}`,
  },
  { title: 'Failing rule results', field: 'counts.fail' },
];

const frameworkColumns: TableColumn<Rollup>[] = [
  { title: 'Control', field: 'ref' },
  { title: 'Satisfied', field: 'score', defaultSort: 'asc', render: r => <ScoreBar score={r.score} /> },
  { title: 'Failing', field: 'counts.fail' },
  { title: 'Unknown', field: 'counts.unknown' },
  { title: 'Waived', field: 'counts.waived' },
];

/** The organisation's compliance for leadership, and the entry to every contract. */
export const LeadershipPage = () => {
  const api = useApi(platformContractApiRef);
  const contractLink = useRouteRef(contractRouteRef);
  const state = useAsync(async () => {
    const [organization, groups, frameworks, categories, contracts, heatmap] = await Promise.all([
      api.listRollups('organization'),
      api.listRollups('group'),
      api.listRollups('framework'),
      api.listRollups('category'),
      api.listContracts(),
      api.getCategoryHeatmap(),
    ]);
    const org = organization.items[0];
    const history = org ? await api.getRollupHistory('organization', org.ref) : undefined;
    return { org, history, groups, frameworks, categories, contracts, heatmap };
  }, [api]);

  if (state.loading) return <Content><Progress /></Content>;
  if (state.error) return <Content><ResponseErrorPanel error={state.error} /></Content>;
  const { org, history, groups, frameworks, categories, contracts, heatmap } = state.value!;

  return (
    <Content>
      <ContentHeader title="Organisation compliance">
        <Typography variant="body2" color="textSecondary">
          Every catalog entity checked against the platform contracts that apply to it.
        </Typography>
      </ContentHeader>
      <Grid container spacing={3}>
        <Grid item xs={12} md={4}>
          <InfoCard title="Contracts">
            <List dense>
              {contracts.items.map(c => (
                <ListItem key={c.name} disableGutters>
                  <ListItemText
                    primary={<Link to={contractLink({ name: c.name })}>{c.title ?? c.name}</Link>}
                    secondary={c.valid ? `v${c.version} · ${c.ruleCount} rules · owner ${c.owner}` : `Invalid: ${c.errors.length} problem(s)`}
                  />
                </ListItem>
              ))}
            </List>
          </InfoCard>
        </Grid>
        {org ? (
          <>
            <Grid item xs={12} md={8}>
              <RollupSummary rollup={org} title="Organisation" />
            </Grid>
            <Grid item xs={12}>
              <InfoCard title="Trend" subheader="Average entity score across the organisation, per day">
                <TrendChart points={history?.points ?? []} />
              </InfoCard>
            </Grid>
          </>
        ) : (
          <Grid item xs={12} md={8}>
            <EmptyState
              missing="data"
              title="Nothing evaluated yet"
              description="The first evaluation runs shortly after start-up and then on the configured schedule (platformContract.schedule)."
            />
          </Grid>
        )}
        <Grid item xs={12}>
          <CampaignsCard contracts={contracts.items} />
        </Grid>
        <Grid item xs={12}>
          <InfoCard title="Teams by category" subheader="Share of satisfied rule results for each team's entities (including child teams)">
            <ComplianceHeatmap heatmap={heatmap} />
          </InfoCard>
        </Grid>
        <Grid item xs={12} lg={7}>
          <Table<Rollup>
            title="Teams"
            options={{ paging: groups.items.length > 10, pageSize: 10, padding: 'dense' }}
            columns={teamColumns}
            data={groups.items}
          />
        </Grid>
        <Grid item xs={12} lg={5}>
          <InfoCard title="By category">
            {/* Recharts spreads each datum onto an element: a `ref` field would become a React ref. */}
            <ResponsiveContainer width="100%" height={260}>
              <BarChart
                data={categories.items.map(({ ref, score }) => ({ category: ref, score }))}
                layout="vertical"
                margin={{ left: 40, right: 16 }}
              >
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis type="number" domain={[0, 100]} unit="%" />
                <YAxis type="category" dataKey="category" width={100} />
                <Tooltip />
                <Bar dataKey="score" name="Satisfied" fill="#2e7d32" isAnimationActive={false} />
              </BarChart>
            </ResponsiveContainer>
          </InfoCard>
        </Grid>
        <Grid item xs={12} lg={6}>
          <Table<Rollup>
            title="Compliance frameworks"
            subtitle="Rules tagged with each control"
            options={{ paging: frameworks.items.length > 10, pageSize: 10, padding: 'dense', search: false }}
            columns={frameworkColumns}
            data={frameworks.items}
          />
        </Grid>
        <Grid item xs={12} lg={6}>
          <InfoCard title="Waivers expiring in the next 30 days">
            <WaiverTable query={{ status: 'approved' }} expiringWithinDays={30} />
          </InfoCard>
        </Grid>
        <Grid item xs={12}>
          <InfoCard title="Waiver requests awaiting a decision">
            <WaiverTable query={{ status: 'requested' }} />
          </InfoCard>
        </Grid>
      </Grid>
    </Content>
  );
};
