import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { useEffect, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { Budget, COST_BUDGET_ANNOTATION } from '@groundwork/plugin-cost-common';
import { costApiRef } from '../../api';
import { CostError } from '../shared/CostError';

function describeBudget(budget: Budget | undefined) {
  if (!budget) {
    return 'No monthly budget yet. Set one to get alerts at 50%, 80% and 100% and when the forecast exceeds it.';
  }
  return budget.source === 'annotation'
    ? `From the ${COST_BUDGET_ANNOTATION} annotation. Saving here overrides it.`
    : `Set by ${budget.updatedBy ?? 'someone'}.`;
}

/** Shows and edits an entity's monthly budget. */
export const BudgetEditor = ({
  entityRef,
  onChange,
}: {
  entityRef: string;
  onChange?: () => void;
}) => {
  const costApi = useApi(costApiRef);
  const budget = useAsyncRetry(
    () => costApi.getBudget(entityRef),
    [costApi, entityRef],
  );
  const [amount, setAmount] = useState('');
  const [currency, setCurrency] = useState('USD');
  const [saveError, setSaveError] = useState<Error>();
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (budget.value) {
      setAmount(String(budget.value.amount));
      setCurrency(budget.value.currency);
    }
  }, [budget.value]);

  const run = async (action: () => Promise<unknown>) => {
    setSaving(true);
    setSaveError(undefined);
    try {
      await action();
      budget.retry();
      onChange?.();
    } catch (error) {
      setSaveError(error as Error);
    } finally {
      setSaving(false);
    }
  };

  if (budget.error) {
    return <CostError error={budget.error} />;
  }
  const value = Number(amount);
  const valid =
    amount !== '' &&
    Number.isFinite(value) &&
    value > 0 &&
    /^[A-Za-z]{3}$/.test(currency);
  return (
    <Box>
      <Typography variant="body2" color="textSecondary" gutterBottom>
        {describeBudget(budget.value)}
      </Typography>
      <Box display="flex" alignItems="center" style={{ gap: 8 }}>
        <TextField
          id="cost-budget-amount"
          label="Monthly budget"
          type="number"
          value={amount}
          onChange={e => setAmount(e.target.value)}
          size="small"
          variant="outlined"
        />
        <TextField
          id="cost-budget-currency"
          label="Currency"
          value={currency}
          onChange={e => setCurrency(e.target.value.toUpperCase())}
          size="small"
          variant="outlined"
          style={{ width: 100 }}
        />
        <Button
          variant="contained"
          color="primary"
          disabled={!valid || saving}
          onClick={() =>
            run(() => costApi.setBudget(entityRef, { amount: value, currency }))
          }
        >
          Save budget
        </Button>
        {budget.value?.source === 'api' && (
          <Button
            disabled={saving}
            onClick={() => run(() => costApi.deleteBudget(entityRef))}
          >
            Remove
          </Button>
        )}
      </Box>
      {saveError && (
        <Box mt={1}>
          <CostError error={saveError} />
        </Box>
      )}
    </Box>
  );
};
