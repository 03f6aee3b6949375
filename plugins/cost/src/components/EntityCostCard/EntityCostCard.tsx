import { stringifyEntityRef } from '@backstage/catalog-model';
import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { ResponseError } from '@backstage/errors';
import Box from '@material-ui/core/Box';
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import { Line, LineChart, YAxis } from 'recharts';
import useAsync from 'react-use/esm/useAsync';
import { costApiRef } from '../../api';
import { CostError } from '../shared/CostError';
import { AttributionHelp } from '../shared/AttributionHelp';
import { CurrencyNotice } from '../shared/CurrencyNotice';
import { formatBudget, formatMoney, formatPercent } from '../shared/format';

const percent = (value: number) => `${Math.round(value * 100)}%`;

/**
 * Kubernetes efficiency from OpenCost, when configured. Nothing when it is
 * not, or when the entity has no annotated workloads (the backend's 404).
 */
const KubernetesEfficiency = ({ entityRef }: { entityRef: string }) => {
  const costApi = useApi(costApiRef);
  const { value, error } = useAsync(async () => {
    try {
      const efficiency = await costApi.getEntityEfficiency({ entityRef });
      return efficiency.configured ? efficiency : undefined;
    } catch (e) {
      if ((e as Partial<ResponseError>).statusCode === 404) return undefined;
      throw e;
    }
  }, [costApi, entityRef]);
  if (error) {
    // Secondary to the cost above: say so quietly instead of an error panel.
    return (
      <Box mt={2}>
        <Typography variant="caption" color="textSecondary">
          Kubernetes efficiency unavailable: {error.message}
        </Typography>
      </Box>
    );
  }
  if (!value) return null;
  return (
    <Box mt={2} aria-label="kubernetes efficiency">
      <Typography variant="body2">
        Kubernetes efficiency: CPU {percent(value.cpuEfficiency)}, RAM{' '}
        {percent(value.ramEfficiency)}; idle{' '}
        {formatMoney(value.idleCost, value.currency)}
      </Typography>
      <Typography variant="caption" color="textSecondary">
        Usage over requests and the cost of requested, unused CPU and memory
        (OpenCost, {value.window})
      </Typography>
    </Box>
  );
};

/** This month's cost of the current entity: spend, change, forecast against budget, last 30 days, Kubernetes efficiency. */
export const EntityCostCard = () => {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const costApi = useApi(costApiRef);
  const {
    value: summary,
    loading,
    error,
  } = useAsync(() => costApi.getSummary(entityRef), [costApi, entityRef]);

  let content;
  if (loading) {
    content = <Progress />;
  } else if (error) {
    content = <CostError error={error} />;
  } else if (!summary || summary.empty) {
    content = (
      <Typography variant="body2" color="textSecondary">
        <AttributionHelp entity={entity} />
      </Typography>
    );
  } else {
    const { forecast, comparison, currency } = summary;
    const money = (amount: number) => formatMoney(amount, currency);
    content = (
      <>
        <Typography variant="h4">{money(forecast.monthToDate)}</Typography>
        <Typography variant="body2" color="textSecondary">
          {forecast.monthEnded
            ? `in ${forecast.month}, the month that just ended`
            : 'this month so far'}{' '}
          ({formatPercent(comparison.changePercent)} vs the same days of the
          month before)
        </Typography>
        <Box mt={2}>
          <Typography variant="body2">
            Forecast {money(forecast.forecast)}
            {forecast.budget
              ? ` of a ${formatBudget(
                  forecast.budget,
                  currency,
                  forecast.budgetInCurrency,
                )} budget`
              : ' (no budget set)'}
          </Typography>
          {forecast.budgetNotComparable && (
            <Typography variant="caption" color="error" component="p">
              {forecast.budgetNotComparable}
            </Typography>
          )}
          {forecast.budgetUsedPercent !== undefined && (
            <LinearProgress
              variant="determinate"
              color={forecast.forecastOverBudget ? 'secondary' : 'primary'}
              value={Math.min(100, forecast.budgetUsedPercent ?? 0)}
              aria-label="budget used"
            />
          )}
          <Typography
            variant="caption"
            color="textSecondary"
            title={forecast.method}
          >
            Forecast method: month to date plus 7 day run rate
          </Typography>
        </Box>
        <CurrencyNotice excluded={summary.excludedCurrencies} />
        <Box mt={2} aria-label="last 30 days">
          <LineChart width={280} height={48} data={summary.sparkline}>
            <YAxis hide domain={['auto', 'auto']} />
            <Line
              type="monotone"
              dataKey="cost"
              dot={false}
              strokeWidth={2}
              isAnimationActive={false}
            />
          </LineChart>
          <Typography variant="caption" color="textSecondary">
            Daily cost, last 30 days
          </Typography>
        </Box>
      </>
    );
  }
  return (
    <InfoCard title="Cost">
      {content}
      <KubernetesEfficiency entityRef={entityRef} />
    </InfoCard>
  );
};
