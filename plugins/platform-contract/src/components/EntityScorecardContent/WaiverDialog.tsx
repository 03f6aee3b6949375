import { useApi } from '@backstage/core-plugin-api';
import { RuleResult } from '@groundwork/plugin-platform-contract-common';
import { useState } from 'react';
import { platformContractApiRef } from '../../api';
import { isoDayFromNow } from '../dates';
import { FormDialog, FormField } from '../FormDialog';

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
  const latest = isoDayFromNow(maxDays);
  const [reason, setReason] = useState('');
  const [conditions, setConditions] = useState('');
  const [expires, setExpires] = useState(isoDayFromNow(Math.min(30, maxDays)));

  return (
    <FormDialog
      open={open}
      title={`Request a waiver: ${rule.title}`}
      description="A waiver lets this entity go off-piste on one rule until it expires. The contract's owners decide; while it is approved the rule shows as waived."
      submitLabel="Request waiver"
      canSubmit={!!reason.trim() && !!expires && expires <= latest}
      onSubmit={() =>
        api.requestWaiver({
          contract,
          entityRef,
          ruleId: rule.ruleId,
          reason,
          conditions,
          expiresAt: new Date(`${expires}T23:59:59Z`).toISOString(),
        })
      }
      onClose={onClose}
    >
      <FormField
        id="waiver-reason"
        label="Reason"
        required
        multiline
        minRows={2}
        value={reason}
        onValueChange={setReason}
        helperText="Why this rule cannot be met now"
      />
      <FormField
        id="waiver-conditions"
        label="Conditions we commit to"
        multiline
        minRows={2}
        value={conditions}
        onValueChange={setConditions}
        helperText="What the team does meanwhile, e.g. a manual check each release"
      />
      <FormField
        id="waiver-expires"
        label="Expires on"
        type="date"
        required
        fullWidth={false}
        value={expires}
        onValueChange={setExpires}
        inputProps={{ min: isoDayFromNow(), max: latest }}
        helperText={`At most ${maxDays} days from today`}
        InputLabelProps={{ shrink: true }}
      />
    </FormDialog>
  );
};
