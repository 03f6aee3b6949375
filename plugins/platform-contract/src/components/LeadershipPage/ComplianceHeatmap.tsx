import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  makeStyles,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Tooltip,
  Typography,
} from '@material-ui/core';
import { CategoryHeatmapResponse } from '@groundwork/plugin-platform-contract-common';

const useStyles = makeStyles({
  cell: { textAlign: 'center', fontWeight: 600, minWidth: 72 },
});

/** Red (0) through amber to green (100), readable with black text. */
function heat(score: number) {
  const hue = Math.round((score / 100) * 120);
  return `hsl(${hue}, 70%, 72%)`;
}

/** Teams × rule categories, each cell the share of satisfied rules. */
export const ComplianceHeatmap = ({ heatmap }: { heatmap: CategoryHeatmapResponse }) => {
  const classes = useStyles();
  if (heatmap.rows.length === 0) {
    return <Typography variant="body2" color="textSecondary">No team owns a scored entity yet.</Typography>;
  }
  return (
    <Table size="small" aria-label="Compliance by team and category">
      <TableHead>
        <TableRow>
          <TableCell>Team</TableCell>
          {heatmap.categories.map(category => (
            <TableCell key={category} className={classes.cell}>{category}</TableCell>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>
        {heatmap.rows.map(row => (
          <TableRow key={row.ref}>
            <TableCell><EntityRefLink entityRef={row.ref} defaultKind="group" /></TableCell>
            {heatmap.categories.map(category => {
              const cell = row.cells[category];
              return cell ? (
                <Tooltip key={category} title={`${cell.satisfied} of ${cell.total} rule results satisfied`}>
                  <TableCell className={classes.cell} style={{ backgroundColor: heat(cell.score) }}>
                    {Math.round(cell.score)}
                  </TableCell>
                </Tooltip>
              ) : (
                <TableCell key={category} className={classes.cell}>–</TableCell>
              );
            })}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
};
