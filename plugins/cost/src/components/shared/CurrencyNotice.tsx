import { ExcludedCurrency } from '@groundwork/plugin-cost-common';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { formatMoney } from './format';

/**
 * Cost in currencies without a configured rate, which the amounts shown do
 * not include, with the configuration key that would include it.
 */
export const CurrencyNotice = ({
  excluded,
}: {
  excluded: ExcludedCurrency[] | undefined;
}) => {
  const items = (excluded ?? []).filter(e => e.cost !== 0);
  if (!items.length) return null;
  return (
    <Alert severity="warning" role="status" aria-label="excluded currencies">
      {items.map(({ currency, cost }) => (
        <div key={currency}>
          {formatMoney(cost, currency)} in {currency} not included: add
          cost.currency.rates.{currency}
        </div>
      ))}
    </Alert>
  );
};

/**
 * The configured rates an answer applied, e.g. "Amounts in USD; 1 EUR = 1.08
 * USD (cost.currency.rates)"; nothing for one currency.
 */
export const ConversionNote = ({
  currency,
  conversionRates,
}: {
  currency: string;
  conversionRates: Record<string, number> | undefined;
}) => {
  const rates = Object.entries(conversionRates ?? {}).filter(
    ([code]) => code !== currency,
  );
  if (!rates.length) return null;
  return (
    <Typography variant="caption" color="textSecondary" component="p">
      Amounts in {currency};{' '}
      {rates
        .map(([code, rate]) => `1 ${code} = ${rate} ${currency}`)
        .join(', ')}{' '}
      (cost.currency.rates)
    </Typography>
  );
};
