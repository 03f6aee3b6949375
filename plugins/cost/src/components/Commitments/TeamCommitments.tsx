import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { NO_COMMITMENT_DATA_ADVICE } from '@groundwork/plugin-cost-common';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { costApiRef } from '../../api';
import { CostError } from '../shared/CostError';
import { CurrencyNotice } from '../shared/CurrencyNotice';
import { formatMoney } from '../shared/format';
import { SavingsChart } from './CommitmentCharts';
import { CoverageTable } from './CommitmentTables';
import { ProjectionSummary } from './ProjectionSummary';
import { formatShare } from './format';

/**
 * A team's commitment coverage and savings (of everything that rolls up to
 * it) and its opex projection, for the group's Cost tab. Unused commitment
 * is billed to the payer account, so waste is on the organisation page.
 */
export const TeamCommitments = ({ entityRef }: { entityRef: string }) => {
  const costApi = useApi(costApiRef);
  const { value, loading, error } = useAsync(
    () =>
      Promise.all([
        costApi.getCommitments({ entityRef }),
        costApi.getProjection(entityRef),
      ]),
    [costApi, entityRef],
  );
  if (loading) return <Progress />;
  if (error) return <CostError error={error} />;
  if (!value) return null;
  const [report, projection] = value;
  const money = (v: number) => formatMoney(v, report.currency);
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <InfoCard
          title="Commitment coverage and savings"
          subheader={`${report.from} to ${report.to}`}
        >
          {report.hasData ? (
            <>
              <CurrencyNotice excluded={report.excludedCurrencies} />
              <Typography variant="body1" gutterBottom>
                {formatShare(report.coverage.total.coverage)} of eligible spend
                covered by commitments; {money(report.savings.total)} saved.
              </Typography>
              <Grid container spacing={2}>
                <Grid item xs={12}>
                  <CoverageTable report={report} />
                </Grid>
                <Grid item xs={12}>
                  <SavingsChart report={report} />
                </Grid>
              </Grid>
            </>
          ) : (
            <Typography variant="body2" color="textSecondary">
              {report.advice ?? NO_COMMITMENT_DATA_ADVICE}
            </Typography>
          )}
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <InfoCard title="Opex projection to the end of the quarter and fiscal year">
          <ProjectionSummary projection={projection} />
        </InfoCard>
      </Grid>
    </Grid>
  );
};
