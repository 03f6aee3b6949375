import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  OpexPeriodProjection,
  OpexProjection,
} from '@groundwork/plugin-cost-common';
import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { CurrencyNotice } from '../shared/CurrencyNotice';
import { formatMoney } from '../shared/format';

const BUDGET_SOURCE = {
  annual: 'annual budget',
  monthly: 'monthly budget × months',
};

/**
 * The fiscal quarter and year projected, against budget, and how. The
 * conversion rates are those of the page's other figures, which name them.
 */
export const ProjectionSummary = ({
  projection,
  showEntity = false,
}: {
  projection: OpexProjection;
  /** Names the entity, for pages listing several. */
  showEntity?: boolean;
}) => {
  const money = (v: number) => formatMoney(v, projection.currency);
  const versusBudget = (period: OpexPeriodProjection) => {
    if (period.budget === undefined) return 'no budget';
    const difference = period.projected - period.budget;
    const text = `${money(Math.abs(difference))} ${
      period.overBudget ? 'over' : 'under'
    } (${BUDGET_SOURCE[period.budgetSource ?? 'annual']})`;
    return period.overBudget ? (
      <Typography color="error" variant="body2" component="span">
        <strong>{text}</strong>
      </Typography>
    ) : (
      text
    );
  };
  if (projection.lastDataDay === null) {
    return (
      <Typography variant="body2" color="textSecondary">
        No billing data yet to project from.
      </Typography>
    );
  }
  const label = showEntity ? (
    <>
      {' '}
      for <EntityRefLink entityRef={projection.entityRef} />
    </>
  ) : null;
  return (
    <>
      <CurrencyNotice excluded={projection.excludedCurrencies} />
      <Table size="small" aria-label={`projection ${projection.entityRef}`}>
        <TableHead>
          <TableRow>
            <TableCell>Period{label}</TableCell>
            <TableCell align="right">
              Actual to {projection.lastDataDay}
            </TableCell>
            <TableCell align="right">Projected</TableCell>
            <TableCell align="right">Budget</TableCell>
            <TableCell align="right">Against budget</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {[projection.quarter, projection.fiscalYear].map(period => (
            <TableRow key={period.label}>
              <TableCell>
                {period.label} ({period.start} to {period.end})
              </TableCell>
              <TableCell align="right">{money(period.actual)}</TableCell>
              <TableCell align="right">{money(period.projected)}</TableCell>
              <TableCell align="right">
                {period.budget === undefined ? '–' : money(period.budget)}
              </TableCell>
              <TableCell align="right">{versusBudget(period)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {projection.budgetNotComparable && (
        <Typography variant="body2" color="error">
          {projection.budgetNotComparable}
        </Typography>
      )}
      <Box mt={1}>
        <Typography variant="caption" color="textSecondary" component="p">
          Method: run rate {money(projection.runRate)} a day over the last{' '}
          {projection.runRateDays} days; month-over-month trend{' '}
          {projection.monthOverMonth === null
            ? 'unknown (needs two whole months), so none applied'
            : `${projection.monthOverMonth >= 0 ? '+' : ''}${(
                projection.monthOverMonth * 100
              ).toFixed(1)}%`}
          . {projection.method}
        </Typography>
      </Box>
    </>
  );
};
