import { CodeSnippet, EmptyState, InfoCard, Link, ResponseErrorPanel, Table, TableColumn } from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import { Button } from '@material-ui/core';
import {
  Campaign,
  CampaignSummary,
  ContractSummary,
  platformContractCampaignManagePermission,
} from '@groundwork/plugin-platform-contract-common';
import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { platformContractApiRef } from '../../api';
import { campaignRouteRef } from '../../routes';
import { ScoreBar } from '../ScoreBar';
import { CampaignDialog } from './CampaignDialog';

const YAML_EXAMPLE = `spec:
  campaigns:
    - id: slo-links-q1
      title: All services have an SLO link
      ruleId: slo            # or level: silver
      appliesTo: { spec.type: service }
      deadline: '2027-03-31'`;

/** What a campaign asks for, e.g. "rule slo of kubernetes-service". */
export function campaignTarget(c: Campaign) {
  return c.ruleId ? `rule ${c.ruleId} of ${c.contract}` : `level ${c.level} of ${c.contract}`;
}

/** The campaigns and how far along each is; those allowed may start one. */
export const CampaignsCard = ({ contracts }: { contracts: ContractSummary[] }) => {
  const api = useApi(platformContractApiRef);
  const campaignLink = useRouteRef(campaignRouteRef);
  const { allowed: canManage } = usePermission({ permission: platformContractCampaignManagePermission });
  const [dialogOpen, setDialogOpen] = useState(false);
  const { value, loading, error, retry } = useAsyncRetry(() => api.listCampaigns(), [api]);

  if (error) return <ResponseErrorPanel error={error} />;
  const items = value?.items ?? [];
  const newButton = canManage && (
    <Button variant="contained" color="primary" onClick={() => setDialogOpen(true)}>
      New campaign
    </Button>
  );

  const columns: TableColumn<CampaignSummary>[] = [
    {
      title: 'Campaign',
      field: 'title',
      render: c => <Link to={campaignLink({ id: c.id })}>{c.title}</Link>,
    },
    { title: 'Target', render: c => campaignTarget(c) },
    { title: 'Deadline', field: 'deadline', defaultSort: 'asc' },
    {
      title: 'Done',
      field: 'progress.percentDone',
      render: c => <ScoreBar score={c.progress.percentDone} label={`${c.progress.percentDone}% (${c.progress.done} / ${c.progress.total})`} />,
    },
    {
      title: 'Late teams',
      field: 'lateTeamCount',
      render: c => `${c.lateTeamCount} of ${c.teamCount}`,
    },
  ];

  return (
    <InfoCard
      title="Campaigns"
      subheader="Entities asked to meet a rule or level by a deadline, and how many are done"
      action={newButton || undefined}
    >
      {!loading && items.length === 0 ? (
        <EmptyState
          missing="content"
          title="No campaigns yet"
          description={`A campaign asks teams to meet a rule or reach a level by a deadline. Declare one under spec.campaigns in a contract YAML${
            canManage ? ', or start one with New campaign' : ''
          }.`}
          action={<CodeSnippet language="yaml" text={YAML_EXAMPLE} />}
        />
      ) : (
        <Table<CampaignSummary>
          isLoading={loading}
          options={{ toolbar: false, paging: items.length > 10, pageSize: 10, padding: 'dense' }}
          columns={columns}
          data={items}
        />
      )}
      {dialogOpen && (
        <CampaignDialog
          open
          contracts={contracts}
          onClose={created => {
            setDialogOpen(false);
            if (created) retry();
          }}
        />
      )}
    </InfoCard>
  );
};
