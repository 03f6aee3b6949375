import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  EmptyState,
  InfoCard,
  MarkdownContent,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { useEntity } from '@backstage/plugin-catalog-react';
import { Box, Button, Chip, Grid, Typography } from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import {
  EntityContractResult,
  RuleResult,
  RuleStatus,
} from '@groundwork/plugin-platform-contract-common';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { platformContractApiRef } from '../../api';
import { StatusChip } from '../StatusChip';
import { useEntityResults } from '../useEntityResults';
import { WaiverTable } from '../WaiverTable';
import { FactList } from './FactList';
import { WaiverDialog } from './WaiverDialog';

/** The backend's own words when it gave some (e.g. who may re-evaluate), else the error's. */
function explain(error: Error): string {
  const { body } = error as Partial<ResponseError>;
  return body?.error?.message || error.message;
}

const statusOrder: Record<RuleStatus, number> = {
  fail: 0,
  unknown: 1,
  waived: 2,
  pass: 3,
  'not-applicable': 4,
};

const ContractResult = (props: {
  result: EntityContractResult;
  onWaiverRequested: () => void;
}) => {
  const { result, onWaiverRequested } = props;
  const api = useApi(platformContractApiRef);
  const contract = useAsync(() => api.getContract(result.contract), [api, result.contract]);
  const [waiverRule, setWaiverRule] = useState<RuleResult>();

  const columns: TableColumn<RuleResult>[] = [
    {
      title: 'Status',
      field: 'status',
      width: '110px',
      render: rule => <StatusChip status={rule.status} />,
      customSort: (a, b) => statusOrder[a.status] - statusOrder[b.status],
    },
    {
      title: 'Rule',
      field: 'title',
      render: rule => (
        <>
          <Typography variant="body2">{rule.title}</Typography>
          <Typography variant="caption" color="textSecondary">
            {rule.ruleId} · {rule.category} · {rule.severity}
            {rule.frameworks.length ? ` · ${rule.frameworks.join(', ')}` : ''}
          </Typography>
        </>
      ),
    },
    { title: 'Level', field: 'level', width: '100px' },
    {
      title: 'Deciding facts',
      sorting: false,
      render: rule => <FactList facts={rule.facts} />,
    },
    {
      title: '',
      sorting: false,
      width: '170px',
      render: rule =>
        rule.status === 'fail' || rule.status === 'unknown' ? (
          <Button
            size="small"
            variant="outlined"
            style={{ whiteSpace: 'nowrap' }}
            onClick={() => setWaiverRule(rule)}
          >
            Request waiver
          </Button>
        ) : null,
    },
  ];

  const rules = [...result.rules].sort((a, b) => statusOrder[a.status] - statusOrder[b.status]);

  return (
    <>
      <Table<RuleResult>
        title={
          <Box display="flex" alignItems="center" style={{ gap: 12 }}>
            <Typography variant="h5">{result.contractTitle ?? result.contract}</Typography>
            <Chip label={`Score ${result.score}`} />
            <Chip label={`Level: ${result.level ?? 'none'}`} />
            <Chip
              color={result.groundRulesMet ? 'primary' : 'secondary'}
              label={result.groundRulesMet ? 'Ground rules met' : 'Ground rules not met'}
            />
          </Box>
        }
        subtitle={`Evaluated ${new Date(result.evaluatedAt).toLocaleString()}`}
        options={{ paging: rules.length > 25, pageSize: 25, search: true, padding: 'dense' }}
        columns={columns}
        data={rules}
        detailPanel={[
          {
            tooltip: 'How to fix',
            render: ({ rowData }) => (
              <Box px={6} py={2}>
                <Typography variant="subtitle2">How to fix</Typography>
                <MarkdownContent content={rowData.howToFix ?? 'The contract gives no instructions for this rule.'} />
              </Box>
            ),
          },
        ]}
      />
      {waiverRule && (
        <WaiverDialog
          open
          contract={result.contract}
          maxWaiverDays={contract.value?.document?.spec.maxWaiverDays}
          entityRef={result.entityRef}
          rule={waiverRule}
          onClose={requested => {
            setWaiverRule(undefined);
            if (requested) onWaiverRequested();
          }}
        />
      )}
    </>
  );
};

/** Entity tab: every rule with its status, deciding facts, how to fix, and waivers. */
export const EntityScorecardContent = () => {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const { value, loading, error, evaluate, evaluating, evaluateError } = useEntityResults(entityRef);
  const [waiversVersion, setWaiversVersion] = useState(0);

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <Box display="flex" alignItems="center" justifyContent="space-between">
          <Typography variant="body1">
            How this entity stands against the platform contract. Expand a rule to see how to fix it.
          </Typography>
          <Button variant="contained" color="primary" onClick={evaluate} disabled={evaluating}>
            {evaluating ? 'Evaluating…' : 'Re-evaluate now'}
          </Button>
        </Box>
        {evaluateError && (
          <Alert severity={evaluateError.name === 'NotAllowedError' ? 'info' : 'error'}>
            {explain(evaluateError)}
          </Alert>
        )}
      </Grid>
      <Grid item xs={12}>
        {loading && <Progress />}
        {error && <ResponseErrorPanel error={error} />}
        {value && value.items.length === 0 && (
          <EmptyState
            missing="data"
            title="No results yet"
            description="No platform contract applies to this entity, or it has not been evaluated since it was registered. Press “Re-evaluate now” to score it."
          />
        )}
        {value?.items.map(result => (
          <Box key={result.contract} mb={3}>
            <ContractResult result={result} onWaiverRequested={() => setWaiversVersion(v => v + 1)} />
          </Box>
        ))}
      </Grid>
      <Grid item xs={12}>
        <InfoCard title="Waivers" subheader="Requests to go off-piste on a rule, and the owners' decisions">
          <WaiverTable query={{ entityRef }} version={waiversVersion} onDecided={evaluate} />
        </InfoCard>
      </Grid>
    </Grid>
  );
};
