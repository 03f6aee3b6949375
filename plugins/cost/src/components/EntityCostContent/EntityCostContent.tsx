import { stringifyEntityRef } from '@backstage/catalog-model';
import { EmptyState, InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import MenuItem from '@material-ui/core/MenuItem';
import Select from '@material-ui/core/Select';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { lazy, Suspense, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { costApiRef } from '../../api';
import { CostError } from '../shared/CostError';
import { ConversionNote, CurrencyNotice } from '../shared/CurrencyNotice';
import { AttributionHelp } from '../shared/AttributionHelp';
import {
  formatMoney,
  formatPercent,
  lastDays,
  lastMonths,
} from '../shared/format';
import { BudgetEditor } from './BudgetEditor';
import { CostChart } from './CostChart';

// A team's commitment coverage and projection load only on group pages.
const TeamCommitments = lazy(() =>
  import('../Commitments/TeamCommitments').then(m => ({
    default: m.TeamCommitments,
  })),
);

const PERIODS = {
  '30d': {
    label: 'Last 30 days',
    range: () => lastDays(30),
    granularity: 'day' as const,
  },
  '90d': {
    label: 'Last 90 days',
    range: () => lastDays(90),
    granularity: 'day' as const,
  },
  '13m': {
    label: 'Last 13 months',
    range: () => lastMonths(13),
    granularity: 'month' as const,
  },
};
type Period = keyof typeof PERIODS;

/** The Cost tab of an entity page: chart, comparison, top services, budget. */
export const EntityCostContent = () => {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const costApi = useApi(costApiRef);
  const [period, setPeriod] = useState<Period>('30d');
  const { range, granularity } = PERIODS[period];

  const { value, loading, error } = useAsync(async () => {
    const r = range();
    const [series, comparison, services, resources] = await Promise.all([
      costApi.getSeries({
        entityRef,
        ...r,
        granularity,
        groupBy: 'serviceCategory',
      }),
      costApi.getComparison({ entityRef, ...r }),
      costApi.getBreakdown({ entityRef, ...r, by: 'serviceName' }),
      costApi.getTopResources({ entityRef, ...r, limit: 10 }),
    ]);
    return { range: r, series, comparison, services, resources };
  }, [costApi, entityRef, period]);

  const download = async () => {
    if (!value) return;
    const csv = await costApi.getExportCsv({ entityRef, ...value.range });
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
    link.download = `cost-${entity.metadata.name}-${value.range.from}-${value.range.to}.csv`;
    link.click();
    URL.revokeObjectURL(link.href);
  };

  let body;
  if (loading) {
    body = <Progress />;
  } else if (error) {
    body = <CostError error={error} />;
  } else if (
    value &&
    value.comparison.current.cost === 0 &&
    value.comparison.previous.cost === 0 &&
    value.services.items.length === 0 &&
    !value.series.excludedCurrencies?.length
  ) {
    body = (
      <EmptyState
        missing="data"
        title="No cost in this period"
        description={<AttributionHelp entity={entity} />}
      />
    );
  } else if (value) {
    const { series, comparison, services, resources } = value;
    const money = (amount: number) => formatMoney(amount, series.currency);
    body = (
      <Grid container spacing={3}>
        {series.excludedCurrencies?.length > 0 && (
          <Grid item xs={12}>
            <CurrencyNotice excluded={series.excludedCurrencies} />
          </Grid>
        )}
        <Grid item xs={12}>
          <InfoCard title="Cost by service category">
            <CostChart series={series} />
            <ConversionNote
              currency={series.currency}
              conversionRates={series.conversionRates}
            />
          </InfoCard>
        </Grid>
        <Grid item xs={12} md={4}>
          <InfoCard title="Compared with the previous period">
            <Typography variant="h5">
              {money(comparison.current.cost)}
            </Typography>
            <Typography variant="body2">
              {comparison.current.from} to {comparison.current.to}
            </Typography>
            <Typography variant="body2" color="textSecondary">
              {money(comparison.previous.cost)} from {comparison.previous.from}{' '}
              to {comparison.previous.to} (
              {formatPercent(comparison.changePercent)})
            </Typography>
          </InfoCard>
        </Grid>
        <Grid item xs={12} md={8}>
          <InfoCard
            title="Top services"
            action={<Button onClick={download}>Export CSV</Button>}
          >
            <Table size="small" aria-label="top services">
              <TableHead>
                <TableRow>
                  <TableCell>Service</TableCell>
                  <TableCell align="right">Cost</TableCell>
                  <TableCell align="right">Previous period</TableCell>
                  <TableCell align="right">Change</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {services.items.slice(0, 10).map(item => (
                  <TableRow key={item.key}>
                    <TableCell>{item.key}</TableCell>
                    <TableCell align="right">{money(item.cost)}</TableCell>
                    <TableCell align="right">
                      {money(item.previousCost)}
                    </TableCell>
                    <TableCell align="right">
                      {formatPercent(
                        item.previousCost
                          ? ((item.cost - item.previousCost) /
                              Math.abs(item.previousCost)) *
                              100
                          : null,
                      )}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </InfoCard>
        </Grid>
        <Grid item xs={12}>
          <InfoCard
            title="Top resources"
            subheader="Whole months: resource cost is kept per month"
          >
            {resources.items.length === 0 ? (
              <Typography variant="body2" color="textSecondary">
                The billing data names no resources (ResourceId) for this
                period.
              </Typography>
            ) : (
              <Table size="small" aria-label="top resources">
                <TableHead>
                  <TableRow>
                    <TableCell>Resource</TableCell>
                    <TableCell>Service</TableCell>
                    <TableCell align="right">Cost</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {resources.items.map(item => (
                    <TableRow key={`${item.resourceId} ${item.serviceName}`}>
                      <TableCell title={item.resourceId}>
                        {item.resourceName ?? item.resourceId}
                      </TableCell>
                      <TableCell>{item.serviceName}</TableCell>
                      <TableCell align="right">{money(item.cost)}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            )}
          </InfoCard>
        </Grid>
      </Grid>
    );
  }

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <Select
          value={period}
          onChange={e => setPeriod(e.target.value as Period)}
          aria-label="period"
        >
          {Object.entries(PERIODS).map(([key, p]) => (
            <MenuItem key={key} value={key}>
              {p.label}
            </MenuItem>
          ))}
        </Select>
      </Grid>
      <Grid item xs={12}>
        {body}
      </Grid>
      {entity.kind.toLocaleLowerCase('en-US') === 'group' && (
        <Grid item xs={12}>
          <Suspense fallback={<Progress />}>
            <TeamCommitments entityRef={entityRef} />
          </Suspense>
        </Grid>
      )}
      <Grid item xs={12}>
        <InfoCard title="Budget">
          <BudgetEditor entityRef={entityRef} />
        </InfoCard>
      </Grid>
    </Grid>
  );
};
