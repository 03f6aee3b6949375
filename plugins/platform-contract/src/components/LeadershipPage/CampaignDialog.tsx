import { useApi } from '@backstage/core-plugin-api';
import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  MenuItem,
  TextField,
  Typography,
} from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import { ContractSummary, GROUND_LEVEL } from '@groundwork/plugin-platform-contract-common';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { platformContractApiRef } from '../../api';

const DAY_MS = 24 * 60 * 60 * 1000;

const isoDay = (date: Date) => date.toISOString().slice(0, 10);

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
  const [deadline, setDeadline] = useState(isoDay(new Date(Date.now() + 90 * DAY_MS)));
  const [owner, setOwner] = useState(contracts[0]?.owner ?? '');
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<Error>();
  const details = useAsync(async () => (contract ? api.getContract(contract) : undefined), [api, contract]);
  const document = details.value?.document;
  const targets = document
    ? [
        ...document.spec.rules.map(r => ({ value: `rule:${r.id}`, label: `Rule: ${r.title} (${r.id})` })),
        ...[GROUND_LEVEL, ...document.spec.levels.map(l => l.name)].map(level => ({
          value: `level:${level}`,
          label: level === GROUND_LEVEL ? 'Level: meet the ground rules' : `Level: reach ${level}`,
        })),
      ]
    : [];

  const submit = async () => {
    setSubmitting(true);
    setError(undefined);
    const [kind, name] = target.split(/:(.*)/);
    try {
      await api.createCampaign({
        id: slug(title),
        title,
        description,
        contract,
        ...(kind === 'rule' ? { ruleId: name } : { level: name }),
        deadline,
        owner,
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
      <DialogTitle>New campaign</DialogTitle>
      <DialogContent>
        <Typography variant="body2" paragraph>
          Ask every entity of a contract to pass one rule, or reach a level, by a deadline. Their teams are reminded as
          the deadline nears and once it has passed.
        </Typography>
        {error && <Alert severity="error">{error.message}</Alert>}
        <TextField
          id="campaign-title"
          label="Title"
          required
          fullWidth
          margin="normal"
          value={title}
          onChange={e => setTitle(e.target.value)}
          helperText={title ? `Campaign id: ${slug(title)}` : 'e.g. All services have an SLO link'}
        />
        <TextField
          id="campaign-description"
          label="Description"
          fullWidth
          multiline
          minRows={2}
          margin="normal"
          value={description}
          onChange={e => setDescription(e.target.value)}
          helperText="Markdown: why, and how to get it done"
        />
        <TextField
          id="campaign-contract"
          select
          label="Contract"
          required
          fullWidth
          margin="normal"
          value={contract}
          onChange={e => {
            const next = contracts.find(c => c.name === e.target.value);
            setContract(e.target.value);
            setOwner(next?.owner ?? owner);
            setTarget('');
          }}
        >
          {contracts.map(c => (
            <MenuItem key={c.name} value={c.name}>
              {c.title ?? c.name}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          id="campaign-target"
          select
          label="Target"
          required
          fullWidth
          margin="normal"
          value={target}
          onChange={e => setTarget(e.target.value)}
          disabled={!targets.length}
        >
          {targets.map(t => (
            <MenuItem key={t.value} value={t.value}>
              {t.label}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          id="campaign-deadline"
          label="Deadline"
          type="date"
          required
          margin="normal"
          value={deadline}
          onChange={e => setDeadline(e.target.value)}
          inputProps={{ min: isoDay(new Date()) }}
          InputLabelProps={{ shrink: true }}
        />
        <TextField
          id="campaign-owner"
          label="Run by (group)"
          required
          fullWidth
          margin="normal"
          value={owner}
          onChange={e => setOwner(e.target.value)}
          helperText="e.g. group:default/platform-team"
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={() => onClose(false)}>Cancel</Button>
        <Button
          color="primary"
          variant="contained"
          disabled={submitting || !slug(title) || !contract || !target || !deadline || !owner}
          onClick={submit}
        >
          Start campaign
        </Button>
      </DialogActions>
    </Dialog>
  );
};
