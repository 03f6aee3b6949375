import { Table, TableColumn } from '@backstage/core-components';
import { identityApiRef, useApi } from '@backstage/core-plugin-api';
import { Box, Button, Typography } from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import {
  Waiver,
  WaiverStatus,
} from '@groundwork/plugin-platform-contract-common';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { platformContractApiRef } from '../api';
import { DAY_MS } from './dates';

/**
 * Waivers matching a query, with approve and reject for pending requests.
 * The backend decides who may approve; a refusal is shown, not hidden. The
 * requester's own waivers have them disabled, with the reason: the backend
 * refuses a requester whatever their permissions (four eyes).
 */
export const WaiverTable = (props: {
  query: { entityRef?: string; contract?: string; status?: WaiverStatus };
  /** Bump to reload after a change made elsewhere. */
  version?: number;
  /** Only waivers expiring within this many days. */
  expiringWithinDays?: number;
  onDecided?: () => void;
}) => {
  const { query, version, expiringWithinDays, onDecided } = props;
  const api = useApi(platformContractApiRef);
  const identity = useApi(identityApiRef);
  const [actionError, setActionError] = useState<Error>();
  const { value, loading, error, retry } = useAsyncRetry(
    () => api.listWaivers(query),
    [api, query.entityRef, query.contract, query.status, version],
  );
  const { value: me } = useAsync(
    async () =>
      (await identity.getBackstageIdentity()).userEntityRef.toLocaleLowerCase(
        'en-US',
      ),
    [identity],
  );

  const decide = async (waiver: Waiver, decision: 'approve' | 'reject') => {
    setActionError(undefined);
    try {
      await api.decideWaiver(waiver.id, decision);
      retry();
      onDecided?.();
    } catch (e) {
      setActionError(e as Error);
    }
  };

  const now = Date.now();
  const items = (value?.items ?? []).filter(
    w =>
      expiringWithinDays === undefined ||
      (w.active &&
        Date.parse(w.expiresAt) - now <= expiringWithinDays * DAY_MS),
  );

  const columns: TableColumn<Waiver>[] = [
    { title: 'Entity', field: 'entityRef', hidden: !!query.entityRef },
    { title: 'Rule', field: 'ruleId' },
    {
      title: 'Reason and conditions',
      render: w => (
        <>
          <Typography variant="body2">{w.reason}</Typography>
          {w.conditions && (
            <Typography variant="caption" color="textSecondary">
              Conditions: {w.conditions}
            </Typography>
          )}
        </>
      ),
    },
    {
      title: 'Status',
      field: 'status',
      render: w => (w.active ? 'approved (active)' : w.status),
    },
    {
      title: 'Expires',
      field: 'expiresAt',
      render: w => w.expiresAt.slice(0, 10),
      defaultSort: 'asc',
    },
    {
      title: 'Requested by',
      render: w => (
        <Typography variant="caption">
          {w.requestedBy} on {w.requestedAt.slice(0, 10)}
          {w.decidedBy ? `; ${w.status} by ${w.decidedBy}` : ''}
        </Typography>
      ),
    },
    {
      title: '',
      sorting: false,
      render: w => {
        if (w.status !== 'requested') return null;
        const own = w.requestedBy.toLocaleLowerCase('en-US') === me;
        return (
          <Box display="flex" flexWrap="wrap" style={{ gap: 8 }}>
            <Button
              size="small"
              color="primary"
              variant="contained"
              disabled={own}
              onClick={() => decide(w, 'approve')}
            >
              Approve
            </Button>
            <Button
              size="small"
              variant="outlined"
              disabled={own}
              onClick={() => decide(w, 'reject')}
            >
              Reject
            </Button>
            {own && (
              <Typography variant="caption" color="textSecondary">
                You requested it: another contract owner decides.
              </Typography>
            )}
          </Box>
        );
      },
    },
  ];

  return (
    <>
      {actionError && <Alert severity="error">{actionError.message}</Alert>}
      {error && <Alert severity="error">{error.message}</Alert>}
      <Table<Waiver>
        isLoading={loading}
        options={{
          paging: items.length > 10,
          pageSize: 10,
          search: false,
          toolbar: false,
          padding: 'dense',
        }}
        columns={columns}
        data={items}
        emptyContent={
          <Box p={2}>
            <Typography variant="body2" color="textSecondary">
              No waivers. A team that cannot meet a rule yet can request one
              from the rule's row.
            </Typography>
          </Box>
        }
      />
    </>
  );
};
