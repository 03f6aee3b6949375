import { EmptyState, InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  CommitmentReport,
  NO_COMMITMENT_DATA_ADVICE,
} from '@groundwork/plugin-cost-common';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { costApiRef } from '../../api';
import { CostError } from '../shared/CostError';
import { ConversionNote, CurrencyNotice } from '../shared/CurrencyNotice';
import { formatMoney } from '../shared/format';
import { SavingsChart, UtilisationChart } from './CommitmentCharts';
import { CoverageTable, WasteTable } from './CommitmentTables';
import { ProjectionSummary } from './ProjectionSummary';
import { formatShare } from './format';

export const ORGANISATION_NOT_ALLOWED =
  "The organisation's commitments and projections are shown to those who may see all costs (leadership). Your teams' coverage, savings and projections are on their Cost tabs.";

const Figure = ({ title, value }: { title: string; value: string }) => (
  <Grid item xs={6} md={3} role="group" aria-label={title}>
    <Typography variant="overline" color="textSecondary">
      {title}
    </Typography>
    <Typography variant="h5">{value}</Typography>
  </Grid>
);

/**
 * Projections of the organisation: each top-level group of the catalog (no
 * parent), whose cost is everything that rolls up to it.
 */
const OrganisationProjection = () => {
  const costApi = useApi(costApiRef);
  const catalogApi = useApi(catalogApiRef);
  const { value, loading, error } = useAsync(async () => {
    const { items } = await catalogApi.getEntities({
      filter: { kind: 'Group' },
      fields: ['kind', 'metadata.name', 'metadata.namespace', 'spec.parent'],
    });
    const roots = items.filter(group => !group.spec?.parent);
    return Promise.all(
      roots.map(root => costApi.getProjection(stringifyEntityRef(root))),
    );
  }, [costApi, catalogApi]);
  if (loading) return <Progress />;
  if (error) return <CostError error={error} />;
  if (!value?.length) {
    return (
      <Typography variant="body2" color="textSecondary">
        The catalog has no top-level group (a Group without spec.parent) to
        project the organisation's spend for.
      </Typography>
    );
  }
  return (
    <>
      {value.map(projection => (
        <ProjectionSummary
          key={projection.entityRef}
          projection={projection}
          showEntity
        />
      ))}
    </>
  );
};

const Report = ({ report }: { report: CommitmentReport }) => {
  const money = (v: number) => formatMoney(v, report.currency);
  const underUsed = report.utilisation.commitments.filter(
    c =>
      c.utilisation !== null &&
      c.utilisation < report.utilisationAlertThreshold,
  );
  return (
    <Grid container spacing={3}>
      {report.excludedCurrencies?.length > 0 && (
        <Grid item xs={12}>
          <CurrencyNotice excluded={report.excludedCurrencies} />
        </Grid>
      )}
      <Grid item xs={12}>
        <InfoCard title={`Commitments, ${report.from} to ${report.to}`}>
          <Grid container spacing={2}>
            <Figure
              title="Utilisation"
              value={formatShare(report.utilisation.total)}
            />
            <Figure
              title="Coverage of eligible spend"
              value={formatShare(report.coverage.total.coverage)}
            />
            <Figure title="Saved" value={money(report.savings.total)} />
            <Figure title="Unused (waste)" value={money(report.waste.total)} />
          </Grid>
          {underUsed.length > 0 && (
            <Typography variant="body2" role="status">
              Under-used:{' '}
              {underUsed
                .map(
                  c =>
                    `${c.name ?? c.commitmentDiscountId} (${formatShare(
                      c.utilisation,
                    )} used, ${money(c.unused)} unused)`,
                )
                .join('; ')}
            </Typography>
          )}
        </InfoCard>
      </Grid>
      <Grid item xs={12} lg={7}>
        <InfoCard title="Utilisation by month">
          <UtilisationChart report={report} />
        </InfoCard>
      </Grid>
      <Grid item xs={12} lg={5}>
        <InfoCard title="Savings by month">
          <SavingsChart report={report} />
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <InfoCard title="Waste by commitment">
          <WasteTable report={report} />
          {report.purchases.total !== 0 && (
            <Typography variant="caption" color="textSecondary" component="p">
              Commitment purchases paid in this period:{' '}
              {money(report.purchases.total)} (cash flow only: their cost is
              spread over the used and unused amounts above).
            </Typography>
          )}
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <InfoCard title="Coverage by provider and service category">
          <CoverageTable report={report} />
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <Typography variant="caption" color="textSecondary" component="p">
          {report.method}
        </Typography>
        <ConversionNote
          currency={report.currency}
          conversionRates={report.conversionRates}
        />
      </Grid>
    </Grid>
  );
};

/**
 * Leadership's view of commitments (utilisation, coverage, savings, waste)
 * and the organisation's opex projection against its annual budget.
 */
export const OrganisationCommitments = () => {
  const costApi = useApi(costApiRef);
  const { value, loading, error } = useAsync(
    () => costApi.getCommitments(),
    [costApi],
  );
  if (loading) return <Progress />;
  if (error) {
    return <CostError error={error} notAllowed={ORGANISATION_NOT_ALLOWED} />;
  }
  if (!value) return null;
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        {value.hasData ? (
          <Report report={value} />
        ) : (
          <EmptyState
            missing="data"
            title="No commitment data in your billing exports"
            description={value.advice ?? NO_COMMITMENT_DATA_ADVICE}
          />
        )}
      </Grid>
      <Grid item xs={12}>
        <InfoCard title="Opex projection to the end of the quarter and fiscal year">
          <OrganisationProjection />
        </InfoCard>
      </Grid>
    </Grid>
  );
};
