import { useApi } from '@backstage/core-plugin-api';
import { MenuItem } from '@material-ui/core';
import {
  ContractSummary,
  GROUND_LEVEL,
} from '@groundwork/plugin-platform-contract-common';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { platformContractApiRef } from '../../api';
import { isoDayFromNow } from '../dates';
import { FormDialog, FormField } from '../FormDialog';

const slug = (title: string) =>
  title
    .toLocaleLowerCase('en-US')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');

/**
 * Starts a campaign over the API: a rule or level of a contract, a deadline
 * and the group running it. The backend validates and explains refusals.
 */
export const CampaignDialog = (props: {
  open: boolean;
  contracts: ContractSummary[];
  onClose: (created: boolean) => void;
}) => {
  const { open, onClose } = props;
  const contracts = props.contracts.filter(c => c.valid);
  const api = useApi(platformContractApiRef);
  const [contract, setContract] = useState(contracts[0]?.name ?? '');
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [target, setTarget] = useState('');
  const [deadline, setDeadline] = useState(isoDayFromNow(90));
  const [owner, setOwner] = useState(contracts[0]?.owner ?? '');
  const details = useAsync(
    async () => (contract ? api.getContract(contract) : undefined),
    [api, contract],
  );
  const document = details.value?.document;
  const targets = document
    ? [
        ...document.spec.rules.map(r => ({
          value: `rule:${r.id}`,
          label: `Rule: ${r.title} (${r.id})`,
        })),
        ...[GROUND_LEVEL, ...document.spec.levels.map(l => l.name)].map(
          level => ({
            value: `level:${level}`,
            label:
              level === GROUND_LEVEL
                ? 'Level: meet the ground rules'
                : `Level: reach ${level}`,
          }),
        ),
      ]
    : [];

  const submit = () => {
    const [kind, name] = target.split(/:(.*)/);
    return api.createCampaign({
      id: slug(title),
      title,
      description,
      contract,
      ...(kind === 'rule' ? { ruleId: name } : { level: name }),
      deadline,
      owner,
    });
  };

  return (
    <FormDialog
      open={open}
      title="New campaign"
      description="Ask every entity of a contract to pass one rule, or reach a level, by a deadline. Their teams are reminded as the deadline nears and once it has passed."
      submitLabel="Start campaign"
      canSubmit={
        !!slug(title) && !!contract && !!target && !!deadline && !!owner
      }
      onSubmit={submit}
      onClose={onClose}
    >
      <FormField
        id="campaign-title"
        label="Title"
        required
        value={title}
        onValueChange={setTitle}
        helperText={
          title
            ? `Campaign id: ${slug(title)}`
            : 'e.g. All services have an SLO link'
        }
      />
      <FormField
        id="campaign-description"
        label="Description"
        multiline
        minRows={2}
        value={description}
        onValueChange={setDescription}
        helperText="Markdown: why, and how to get it done"
      />
      <FormField
        id="campaign-contract"
        select
        label="Contract"
        required
        value={contract}
        onValueChange={name => {
          setContract(name);
          setOwner(contracts.find(c => c.name === name)?.owner ?? owner);
          setTarget('');
        }}
      >
        {contracts.map(c => (
          <MenuItem key={c.name} value={c.name}>
            {c.title ?? c.name}
          </MenuItem>
        ))}
      </FormField>
      <FormField
        id="campaign-target"
        select
        label="Target"
        required
        value={target}
        onValueChange={setTarget}
        disabled={!targets.length}
      >
        {targets.map(t => (
          <MenuItem key={t.value} value={t.value}>
            {t.label}
          </MenuItem>
        ))}
      </FormField>
      <FormField
        id="campaign-deadline"
        label="Deadline"
        type="date"
        required
        fullWidth={false}
        value={deadline}
        onValueChange={setDeadline}
        inputProps={{ min: isoDayFromNow() }}
        InputLabelProps={{ shrink: true }}
      />
      <FormField
        id="campaign-owner"
        label="Run by (group)"
        required
        value={owner}
        onValueChange={setOwner}
        helperText="e.g. group:default/platform-team"
      />
    </FormDialog>
  );
};
