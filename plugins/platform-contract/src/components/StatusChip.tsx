import { Chip, makeStyles } from '@material-ui/core';
import { CampaignEntityStatus, RuleStatus } from '@groundwork/plugin-platform-contract-common';

const useStyles = makeStyles(theme => ({
  pass: { backgroundColor: theme.palette.success.main, color: theme.palette.success.contrastText },
  fail: { backgroundColor: theme.palette.error.main, color: theme.palette.error.contrastText },
  waived: { backgroundColor: theme.palette.info.main, color: theme.palette.info.contrastText },
  unknown: { backgroundColor: theme.palette.grey[500], color: theme.palette.common.white },
  pending: { backgroundColor: theme.palette.warning.main, color: theme.palette.warning.contrastText },
  notApplicable: { backgroundColor: 'transparent', color: theme.palette.text.secondary, border: `1px solid ${theme.palette.divider}` },
}));

const labels: Record<RuleStatus, string> = {
  pass: 'Pass',
  fail: 'Fail',
  waived: 'Waived',
  unknown: 'Unknown',
  'not-applicable': 'Not applicable',
};

/** The status of one rule, in the colours people expect. */
export const StatusChip = ({ status }: { status: RuleStatus }) => {
  const classes = useStyles();
  const className = status === 'not-applicable' ? classes.notApplicable : classes[status];
  return <Chip size="small" label={labels[status]} className={className} />;
};

const campaignLabels: Record<CampaignEntityStatus, string> = {
  done: 'Done',
  pending: 'Pending',
  late: 'Late',
  unknown: 'Unknown',
};

/** An entity's standing in a campaign: done like a pass, late like a failure. */
export const CampaignStatusChip = ({ status }: { status: CampaignEntityStatus }) => {
  const classes = useStyles();
  const className = { done: classes.pass, pending: classes.pending, late: classes.fail, unknown: classes.unknown }[status];
  return <Chip size="small" label={campaignLabels[status]} className={className} />;
};

/** A 0–100 score coloured by how far it is from full marks. */
export function scoreColor(score: number): 'error' | 'warning' | 'success' {
  if (score >= 80) return 'success';
  if (score >= 50) return 'warning';
  return 'error';
}
