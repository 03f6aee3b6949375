import {
  CodeSnippet,
  EmptyState,
  InfoCard,
  Progress,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  KUBERNETES_LABEL_SELECTOR_ANNOTATION,
  KUBERNETES_NAMESPACE_ANNOTATION,
  OrganisationEfficiency,
} from '@groundwork/plugin-cost-common';
import { parseEntityRef } from '@backstage/catalog-model';
import Box from '@material-ui/core/Box';
import MenuItem from '@material-ui/core/MenuItem';
import Select from '@material-ui/core/Select';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { costApiRef } from '../../api';
import { CostError } from '../shared/CostError';
import { formatMoney } from '../shared/format';

/** The configuration that turns the panel on, shown when it is off. */
export const OPENCOST_CONFIG_SNIPPET = `cost:
  opencost:
    baseUrl: http://opencost.opencost.svc:9003   # your OpenCost API
    # token: \${OPENCOST_TOKEN}                  # when behind an auth proxy

# and on each entity (catalog-info.yaml):
metadata:
  annotations:
    ${KUBERNETES_NAMESPACE_ANNOTATION}: my-namespace
    # or: ${KUBERNETES_LABEL_SELECTOR_ANNOTATION}: app.kubernetes.io/part-of=my-app`;

const WINDOWS = [
  { value: '7d', label: 'last 7 days' },
  { value: '30d', label: 'last 30 days' },
  { value: '90d', label: 'last 90 days' },
];

const percent = (value: number) => `${(value * 100).toFixed(0)}%`;

const teamName = (team: { entityRef: string; title?: string }) =>
  team.title ?? parseEntityRef(team.entityRef).name;

const Efficiency = ({ data }: { data: OrganisationEfficiency }) => {
  const money = (amount: number) => formatMoney(amount, data.currency);
  if (data.teams.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        None of the teams you can see owns an entity with the{' '}
        {KUBERNETES_NAMESPACE_ANNOTATION} or{' '}
        {KUBERNETES_LABEL_SELECTOR_ANNOTATION} annotation, or OpenCost has no
        data for their workloads in this window.
      </Typography>
    );
  }
  const chart = data.teams.map(team => ({
    name: teamName(team),
    'CPU efficiency': Math.round(team.cpuEfficiency * 100),
    'RAM efficiency': Math.round(team.ramEfficiency * 100),
  }));
  return (
    <>
      <Box aria-label="efficiency chart" role="figure">
        <ResponsiveContainer
          width="100%"
          height={280}
          initialDimension={{ width: 800, height: 280 }}
        >
          <BarChart data={chart}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="name" />
            <YAxis
              unit="%"
              domain={[0, (max: number) => Math.max(100, max)]}
              width={50}
            />
            <Tooltip formatter={v => `${v}%`} />
            <Legend />
            <Bar
              dataKey="CPU efficiency"
              fill="#1f77b4"
              isAnimationActive={false}
            />
            <Bar
              dataKey="RAM efficiency"
              fill="#2ca02c"
              isAnimationActive={false}
            />
          </BarChart>
        </ResponsiveContainer>
      </Box>
      <Table size="small" aria-label="team efficiency">
        <TableHead>
          <TableRow>
            <TableCell>Team</TableCell>
            <TableCell align="right">CPU efficiency</TableCell>
            <TableCell align="right">RAM efficiency</TableCell>
            <TableCell align="right">Kubernetes cost</TableCell>
            <TableCell align="right">Idle (requested, unused)</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {data.teams.map(team => (
            <TableRow key={team.entityRef}>
              <TableCell>
                <EntityRefLink entityRef={team.entityRef}>
                  {teamName(team)}
                </EntityRefLink>
              </TableCell>
              <TableCell align="right">{percent(team.cpuEfficiency)}</TableCell>
              <TableCell align="right">{percent(team.ramEfficiency)}</TableCell>
              <TableCell align="right">{money(team.totalCost)}</TableCell>
              <TableCell align="right">{money(team.idleCost)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {data.clusterIdleCost !== undefined && (
        <Box mt={2}>
          <Typography variant="body2">
            Cluster idle (capacity no workload requested):{' '}
            <strong>{money(data.clusterIdleCost)}</strong>
          </Typography>
        </Box>
      )}
      <Box mt={1}>
        <Typography variant="caption" color="textSecondary">
          Efficiency is usage over requests, from OpenCost's allocation data
          {data.start && data.end
            ? ` (${data.start.slice(0, 10)} to ${data.end.slice(0, 10)})`
            : ''}
          . Teams include what they own and what rolls up to them.
        </Typography>
      </Box>
    </>
  );
};

/** Kubernetes CPU/RAM efficiency and idle cost per team, from OpenCost. */
export const EfficiencyPanel = () => {
  const costApi = useApi(costApiRef);
  const [period, setPeriod] = useState('30d');
  const { value, loading, error } = useAsync(
    () => costApi.getOrganisationEfficiency({ window: period }),
    [costApi, period],
  );

  let body;
  if (loading) {
    body = <Progress />;
  } else if (error) {
    body = <CostError error={error} />;
  } else if (value && !value.configured) {
    body = (
      <EmptyState
        missing="field"
        title="OpenCost is not configured"
        description={value.message}
        action={<CodeSnippet language="yaml" text={OPENCOST_CONFIG_SNIPPET} />}
      />
    );
  } else if (value) {
    body = <Efficiency data={value} />;
  }

  return (
    <InfoCard
      title="Kubernetes efficiency (OpenCost)"
      action={
        <Box pt={2} pr={2}>
          <Select
            value={period}
            onChange={e => setPeriod(String(e.target.value))}
            inputProps={{ 'aria-label': 'efficiency window' }}
          >
            {WINDOWS.map(w => (
              <MenuItem key={w.value} value={w.value}>
                {w.label}
              </MenuItem>
            ))}
          </Select>
        </Box>
      }
    >
      {body}
    </InfoCard>
  );
};
