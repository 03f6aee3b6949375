import { CommitmentReport } from '@groundwork/plugin-cost-common';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import LinearProgress from '@material-ui/core/LinearProgress';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { formatMoney } from '../shared/format';
import { commitmentLabels, formatShare } from './format';

const ShareBar = ({ share }: { share: number | null }) => (
  <Box display="flex" alignItems="center" style={{ gap: 8 }}>
    <Box flexGrow={1}>
      <LinearProgress
        variant="determinate"
        value={Math.min(100, (share ?? 0) * 100)}
      />
    </Box>
    <Typography variant="caption">{formatShare(share)}</Typography>
  </Box>
);

/** Eligible usage covered by commitments, per provider and service category. */
export const CoverageTable = ({
  report,
}: {
  report: Pick<CommitmentReport, 'coverage' | 'currency'>;
}) => {
  const money = (v: number) => formatMoney(v, report.currency);
  const { total, items } = report.coverage;
  return (
    <Table size="small" aria-label="coverage">
      <TableHead>
        <TableRow>
          <TableCell>Provider</TableCell>
          <TableCell>Service category</TableCell>
          <TableCell align="right">Eligible (on-demand)</TableCell>
          <TableCell align="right">Covered</TableCell>
          <TableCell style={{ width: '25%' }}>Coverage</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {items.map(item => (
          <TableRow key={`${item.provider} ${item.serviceCategory}`}>
            <TableCell>{item.provider}</TableCell>
            <TableCell>{item.serviceCategory}</TableCell>
            <TableCell align="right">{money(item.eligible)}</TableCell>
            <TableCell align="right">{money(item.covered)}</TableCell>
            <TableCell>
              <ShareBar share={item.coverage} />
            </TableCell>
          </TableRow>
        ))}
        <TableRow>
          <TableCell colSpan={2}>
            <strong>Total</strong>
          </TableCell>
          <TableCell align="right">
            <strong>{money(total.eligible)}</strong>
          </TableCell>
          <TableCell align="right">
            <strong>{money(total.covered)}</strong>
          </TableCell>
          <TableCell>
            <ShareBar share={total.coverage} />
          </TableCell>
        </TableRow>
      </TableBody>
    </Table>
  );
};

/**
 * Every commitment with its utilisation and unused (wasted) cost, lowest
 * utilisation first; those below the alert threshold are marked under-used.
 */
export const WasteTable = ({ report }: { report: CommitmentReport }) => {
  const money = (v: number) => formatMoney(v, report.currency);
  const { commitments } = report.utilisation;
  const labels = commitmentLabels(commitments);
  const threshold = report.utilisationAlertThreshold;
  if (commitments.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        The billing exports name no commitment discounts in this period.
      </Typography>
    );
  }
  return (
    <Table size="small" aria-label="commitments">
      <TableHead>
        <TableRow>
          <TableCell>Commitment</TableCell>
          <TableCell>Provider</TableCell>
          <TableCell>Type</TableCell>
          <TableCell align="right">Used</TableCell>
          <TableCell align="right">Unused (waste)</TableCell>
          <TableCell align="right">Utilisation</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {commitments.map((c, i) => {
          const underUsed = c.utilisation !== null && c.utilisation < threshold;
          return (
            <TableRow
              key={c.commitmentDiscountId}
              selected={underUsed}
              data-under-used={underUsed || undefined}
            >
              <TableCell title={c.commitmentDiscountId}>
                {labels[i]}{' '}
                {underUsed && (
                  <Chip
                    size="small"
                    color="secondary"
                    label={`Under-used (below ${formatShare(threshold)})`}
                  />
                )}
              </TableCell>
              <TableCell>{c.provider}</TableCell>
              <TableCell>{c.type ?? '–'}</TableCell>
              <TableCell align="right">{money(c.used)}</TableCell>
              <TableCell align="right">
                {underUsed ? (
                  <strong>{money(c.unused)}</strong>
                ) : (
                  money(c.unused)
                )}
              </TableCell>
              <TableCell align="right">{formatShare(c.utilisation)}</TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
};
