import { useApi } from '@backstage/core-plugin-api';
import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  TextField,
  Typography,
} from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import { RuleResult } from '@groundwork/plugin-platform-contract-common';
import { useState } from 'react';
import { platformContractApiRef } from '../../api';

const DAY_MS = 24 * 60 * 60 * 1000;

function isoDay(date: Date) {
  return date.toISOString().slice(0, 10);
}

/**
 * Asks the contract's owners for permission to go off-piste on one rule:
 * a reason, the conditions the team commits to, and an expiry within the
 * contract's limit.
 */
export const WaiverDialog = (props: {
  open: boolean;
  contract: string;
  maxWaiverDays?: number;
  entityRef: string;
  rule: RuleResult;
  onClose: (requested: boolean) => void;
}) => {
  const { open, contract, maxWaiverDays, entityRef, rule, onClose } = props;
  const api = useApi(platformContractApiRef);
  const maxDays = maxWaiverDays ?? 90;
  const latest = isoDay(new Date(Date.now() + maxDays * DAY_MS));
  const [reason, setReason] = useState('');
  const [conditions, setConditions] = useState('');
  const [expires, setExpires] = useState(
    isoDay(new Date(Date.now() + Math.min(30, maxDays) * DAY_MS)),
  );
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<Error>();

  const submit = async () => {
    setSubmitting(true);
    setError(undefined);
    try {
      await api.requestWaiver({
        contract,
        entityRef,
        ruleId: rule.ruleId,
        reason,
        conditions,
        expiresAt: new Date(`${expires}T23:59:59Z`).toISOString(),
      });
      onClose(true);
    } catch (e) {
      setError(e as Error);
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Dialog open={open} onClose={() => onClose(false)} fullWidth maxWidth="sm">
      <DialogTitle>Request a waiver: {rule.title}</DialogTitle>
      <DialogContent>
        <Typography variant="body2" paragraph>
          A waiver lets this entity go off-piste on one rule until it expires. The contract's
          owners decide; while it is approved the rule shows as waived.
        </Typography>
        {error && <Alert severity="error">{error.message}</Alert>}
        <TextField
          id="waiver-reason"
          label="Reason"
          required
          fullWidth
          multiline
          minRows={2}
          margin="normal"
          value={reason}
          onChange={e => setReason(e.target.value)}
          helperText="Why this rule cannot be met now"
        />
        <TextField
          id="waiver-conditions"
          label="Conditions we commit to"
          fullWidth
          multiline
          minRows={2}
          margin="normal"
          value={conditions}
          onChange={e => setConditions(e.target.value)}
          helperText="What the team does meanwhile, e.g. a manual check each release"
        />
        <TextField
          id="waiver-expires"
          label="Expires on"
          type="date"
          required
          margin="normal"
          value={expires}
          onChange={e => setExpires(e.target.value)}
          inputProps={{ min: isoDay(new Date()), max: latest }}
          helperText={`At most ${maxDays} days from today`}
          InputLabelProps={{ shrink: true }}
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={() => onClose(false)}>Cancel</Button>
        <Button
          color="primary"
          variant="contained"
          disabled={submitting || !reason.trim() || !expires || expires > latest}
          onClick={submit}
        >
          Request waiver
        </Button>
      </DialogActions>
    </Dialog>
  );
};
