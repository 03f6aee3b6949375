import {
  Content,
  InfoCard,
  Link,
  MarkdownContent,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import { Box, Button, Chip, Grid, Typography } from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import {
  CampaignEntityRow,
  CampaignTeamProgress,
  platformContractCampaignManagePermission,
} from '@groundwork/plugin-platform-contract-common';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { platformContractApiRef } from '../../api';
import { contractRouteRef, rootRouteRef } from '../../routes';
import { campaignTarget } from '../LeadershipPage/CampaignsCard';
import { ScoreBar } from '../ScoreBar';
import { CampaignStatusChip } from '../StatusChip';

const PAGE_SIZE = 20;

const Team = ({ owner }: { owner: string | null }) =>
  owner ? <EntityRefLink entityRef={owner} defaultKind="group" /> : <>No owner</>;

const teamColumns: TableColumn<CampaignTeamProgress>[] = [
  { title: 'Team', field: 'owner', render: t => <Team owner={t.owner} /> },
  {
    title: 'Done',
    field: 'percentDone',
    render: t => <ScoreBar score={t.percentDone} label={`${t.percentDone}% (${t.done} / ${t.total})`} />,
  },
  { title: 'Pending', field: 'pending' },
  { title: 'Late', field: 'late' },
  { title: 'Unknown', field: 'unknown' },
];

const entityColumns: TableColumn<CampaignEntityRow>[] = [
  { title: 'Entity', field: 'entityRef', render: e => <EntityRefLink entityRef={e.entityRef} /> },
  { title: 'Team', field: 'owner', render: e => <Team owner={e.owner} /> },
  { title: 'Status', field: 'status', render: e => <CampaignStatusChip status={e.status} /> },
  { title: 'Done on', field: 'doneAt', render: e => (e.doneAt ? new Date(e.doneAt).toLocaleDateString() : '') },
];

/** One campaign: what it asks, by when, how each team is doing and where each entity stands. */
export const CampaignPage = () => {
  const { id } = useParams();
  const api = useApi(platformContractApiRef);
  const navigate = useNavigate();
  const rootLink = useRouteRef(rootRouteRef);
  const contractLink = useRouteRef(contractRouteRef);
  const { allowed: canManage } = usePermission({ permission: platformContractCampaignManagePermission });
  const [deleteError, setDeleteError] = useState<Error>();
  const { value, loading, error } = useAsync(() => api.getCampaign(id!, { limit: 1 }), [api, id]);

  if (loading) return <Content><Progress /></Content>;
  if (error) return <Content><ResponseErrorPanel error={error} /></Content>;
  const campaign = value!;
  const { progress } = campaign;
  const late = progress.late > 0;

  const remove = async () => {
    try {
      await api.deleteCampaign(campaign.id);
      navigate(rootLink());
    } catch (e) {
      setDeleteError(e as Error);
    }
  };

  return (
    <Content>
      <Grid container spacing={3}>
        <Grid item xs={12} md={8}>
          <Typography variant="h3" component="h1">{campaign.title}</Typography>
          <Typography variant="subtitle1" color="textSecondary" gutterBottom>
            <Link to={contractLink({ name: campaign.contract })}>{campaignTarget(campaign)}</Link> · run by{' '}
            <EntityRefLink entityRef={campaign.owner} defaultKind="group" /> ·{' '}
            {campaign.source === 'contract' ? `declared in ${campaign.createdBy}` : `started by ${campaign.createdBy}`}
          </Typography>
          <Box display="flex" style={{ gap: 8 }} my={1}>
            <Chip label={`Deadline ${campaign.deadline}`} color={late ? 'secondary' : 'default'} />
            {late && <Chip label={`${campaign.lateTeamCount} of ${campaign.teamCount} teams late`} color="secondary" />}
          </Box>
          {campaign.description && <MarkdownContent content={campaign.description} />}
          {deleteError && <Alert severity="error">{deleteError.message}</Alert>}
          {canManage && campaign.source === 'api' && (
            <Button variant="outlined" onClick={remove}>Delete campaign</Button>
          )}
        </Grid>
        <Grid item xs={12} md={4}>
          <InfoCard
            title="Progress"
            subheader={progress.updatedAt ? `From results as of ${new Date(progress.updatedAt).toLocaleString()}` : 'Computed after the next evaluation'}
          >
            <ScoreBar score={progress.percentDone} label={`${progress.percentDone}% done (${progress.done} of ${progress.total} entities)`} />
            <Typography variant="body2" color="textSecondary" style={{ marginTop: 8 }}>
              {progress.pending} pending, {progress.late} late, {progress.unknown} unknown
            </Typography>
          </InfoCard>
        </Grid>
        <Grid item xs={12} lg={6}>
          <InfoCard title="By team" subheader="Entities per status, for each owner team">
            <ResponsiveContainer width="100%" height={Math.max(160, 40 * campaign.teams.length + 60)}>
              <BarChart
                data={campaign.teams.map(t => ({ ...t, team: t.owner?.replace(/^group:default\//, '') ?? 'No owner' }))}
                layout="vertical"
                margin={{ left: 40, right: 16 }}
              >
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis type="number" allowDecimals={false} />
                <YAxis type="category" dataKey="team" width={120} />
                <Tooltip />
                <Legend />
                <Bar dataKey="done" name="Done" stackId="s" fill="#2e7d32" isAnimationActive={false} />
                <Bar dataKey="pending" name="Pending" stackId="s" fill="#ed6c02" isAnimationActive={false} />
                <Bar dataKey="late" name="Late" stackId="s" fill="#d32f2f" isAnimationActive={false} />
                <Bar dataKey="unknown" name="Unknown" stackId="s" fill="#9e9e9e" isAnimationActive={false} />
              </BarChart>
            </ResponsiveContainer>
          </InfoCard>
        </Grid>
        <Grid item xs={12} lg={6}>
          <Table<CampaignTeamProgress>
            title="Teams"
            options={{ paging: campaign.teams.length > 10, pageSize: 10, padding: 'dense', search: false }}
            columns={teamColumns}
            data={campaign.teams}
          />
        </Grid>
        <Grid item xs={12}>
          <Table<CampaignEntityRow>
            title="Entities"
            subtitle="Not done first"
            options={{ pageSize: PAGE_SIZE, pageSizeOptions: [PAGE_SIZE, 50, 100], padding: 'dense', search: false, sorting: false }}
            columns={entityColumns}
            data={query =>
              api
                .getCampaign(campaign.id, { limit: query.pageSize, offset: query.page * query.pageSize })
                .then(page => ({ data: page.entities.items, page: query.page, totalCount: page.entities.total }))
            }
          />
        </Grid>
      </Grid>
    </Content>
  );
};
