import {
  Content,
  EmptyState,
  Header,
  InfoCard,
  Page,
  Progress,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import LinearProgress from '@material-ui/core/LinearProgress';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { lazy, Suspense } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { costApiRef } from '../../api';
import { EfficiencyPanel } from '../EfficiencyPanel';
import { CostError } from '../shared/CostError';
import { CurrencyNotice } from '../shared/CurrencyNotice';
import {
  endedMonthNotice,
  formatBudget,
  formatMoney,
  formatPercent,
  monthRange,
} from '../shared/format';

// Charts and tables of commitments load with their section, not the page.
const OrganisationCommitments = lazy(() =>
  import('../Commitments/OrganisationCommitments').then(m => ({
    default: m.OrganisationCommitments,
  })),
);

/** The organisation's cost this month: teams against budget, movers, unattributed cost. */
export const CostPage = () => {
  const costApi = useApi(costApiRef);
  const { value, loading, error } = useAsync(async () => {
    const overview = await costApi.getOverview();
    const unattributed = overview.complete
      ? await costApi.getUnattributed(monthRange(overview.month))
      : undefined;
    return { overview, unattributed };
  }, [costApi]);

  let body;
  if (loading) {
    body = <Progress />;
  } else if (error) {
    body = <CostError error={error} />;
  } else if (
    value &&
    value.overview.teams.length === 0 &&
    value.overview.total === 0
  ) {
    body = (
      <EmptyState
        missing="data"
        title="No cost to show yet"
        description={
          value.overview.complete
            ? 'No billing data has been ingested for this month. An administrator configures FOCUS exports under cost.sources in app-config.yaml and can trigger an ingest with POST /api/cost/ingest; check GET /api/cost/ingest/status for file errors.'
            : 'None of your teams has cost data this month. Costs appear for the teams you belong to once their cloud resources are tagged; ask leadership if you need to see other teams.'
        }
      />
    );
  } else if (value) {
    const { overview, unattributed } = value;
    const money = (amount: number) => formatMoney(amount, overview.currency);
    const endedNotice = endedMonthNotice(overview);
    body = (
      <Grid container spacing={3}>
        {endedNotice && (
          <Grid item xs={12}>
            <Typography variant="body2" role="status">
              Showing {endedNotice}
            </Typography>
          </Grid>
        )}
        {!overview.complete && (
          <Grid item xs={12}>
            <Typography variant="body2" role="status">
              You see the cost of the teams you belong to. The organisation's
              total and other teams' cost are shown to leadership and cost
              administrators.
            </Typography>
          </Grid>
        )}
        {overview.excludedCurrencies?.length > 0 && (
          <Grid item xs={12}>
            <CurrencyNotice excluded={overview.excludedCurrencies} />
          </Grid>
        )}
        {overview.complete && (
          <Grid item xs={12} md={4}>
            <InfoCard title={`Total ${overview.month}`}>
              <Typography variant="h4">{money(overview.total)}</Typography>
              <Typography variant="body2" color="textSecondary">
                {formatPercent(overview.unattributedPercent).replace('+', '')}{' '}
                unattributed ({money(overview.unattributed)})
              </Typography>
            </InfoCard>
          </Grid>
        )}
        <Grid item xs={12} md={overview.complete ? 8 : 12}>
          <InfoCard title="Top movers, last month vs the month before">
            {overview.movers.length === 0 ? (
              <Typography variant="body2" color="textSecondary">
                No change to report yet; movers need two months of data.
              </Typography>
            ) : (
              <Table size="small" aria-label="top movers">
                <TableBody>
                  {overview.movers.map(mover => (
                    <TableRow key={mover.entityRef}>
                      <TableCell>
                        <EntityRefLink entityRef={mover.entityRef} />
                      </TableCell>
                      <TableCell align="right">
                        {money(mover.current)}
                      </TableCell>
                      <TableCell align="right">
                        {mover.change >= 0 ? '+' : ''}
                        {money(mover.change)} (
                        {formatPercent(mover.changePercent)})
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            )}
          </InfoCard>
        </Grid>
        <Grid item xs={12}>
          <InfoCard title="Spend by team against budget">
            <Table size="small" aria-label="teams">
              <TableHead>
                <TableRow>
                  <TableCell>Team</TableCell>
                  <TableCell align="right">
                    {overview.monthEnded ? 'Month' : 'Month to date'}
                  </TableCell>
                  <TableCell align="right">Forecast</TableCell>
                  <TableCell align="right">Budget</TableCell>
                  <TableCell style={{ width: '25%' }}>Budget used</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {overview.teams.map(team => {
                  // Budgets keep their currency; compared once converted.
                  const budget = team.budgetInCurrency;
                  const used =
                    budget !== undefined
                      ? (team.monthToDate / budget) * 100
                      : undefined;
                  const over =
                    budget !== undefined ? team.forecast > budget : false;
                  return (
                    <TableRow key={team.entityRef}>
                      <TableCell>
                        <EntityRefLink entityRef={team.entityRef} />
                      </TableCell>
                      <TableCell align="right">
                        {money(team.monthToDate)}
                      </TableCell>
                      <TableCell align="right">
                        {money(team.forecast)}
                        {over && ' (over budget)'}
                      </TableCell>
                      <TableCell align="right">
                        {team.budget
                          ? formatBudget(
                              team.budget,
                              overview.currency,
                              team.budgetInCurrency,
                            )
                          : 'none'}
                      </TableCell>
                      <TableCell>
                        {used !== undefined && (
                          <Box
                            display="flex"
                            alignItems="center"
                            style={{ gap: 8 }}
                          >
                            <Box flexGrow={1}>
                              <LinearProgress
                                variant="determinate"
                                value={Math.min(100, used)}
                                color={over ? 'secondary' : 'primary'}
                              />
                            </Box>
                            <Typography variant="caption">
                              {used.toFixed(0)}%
                            </Typography>
                          </Box>
                        )}
                      </TableCell>
                    </TableRow>
                  );
                })}
              </TableBody>
            </Table>
          </InfoCard>
        </Grid>
        {unattributed && unattributed.total !== 0 && (
          <Grid item xs={12}>
            <InfoCard title={`Unattributed cost in ${overview.month}`}>
              <Typography variant="body2" gutterBottom>
                {money(unattributed.total)} could not be attributed to a catalog
                entity. Tag these resources, add a groundwork.dev/cost-tags
                annotation to their owner, or map the account in
                cost.attribution.accounts.
              </Typography>
              <Grid container spacing={2}>
                {[
                  { title: 'Top tags', items: unattributed.topTags },
                  { title: 'Top accounts', items: unattributed.topAccounts },
                ].map(list => (
                  <Grid item xs={12} md={6} key={list.title}>
                    <Typography variant="subtitle2">{list.title}</Typography>
                    <Table size="small" aria-label={list.title}>
                      <TableBody>
                        {list.items.map(item => (
                          <TableRow key={item.label}>
                            <TableCell>{item.label}</TableCell>
                            <TableCell align="right">
                              {money(item.cost)}
                            </TableCell>
                          </TableRow>
                        ))}
                      </TableBody>
                    </Table>
                  </Grid>
                ))}
              </Grid>
            </InfoCard>
          </Grid>
        )}
      </Grid>
    );
  }

  return (
    <Page themeId="tool">
      <Header title="Cost" subtitle="Cloud spend from FOCUS billing data" />
      <Content>
        {body}
        <Box mt={3} component="section" aria-label="commitments">
          <Typography variant="h5" component="h2" gutterBottom>
            Commitments and projections
          </Typography>
          <Suspense fallback={<Progress />}>
            <OrganisationCommitments />
          </Suspense>
        </Box>
        <Box mt={3}>
          <EfficiencyPanel />
        </Box>
      </Content>
    </Page>
  );
};
