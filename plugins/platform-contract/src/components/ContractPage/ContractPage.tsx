import {
  Content,
  EmptyState,
  InfoCard,
  MarkdownContent,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  Box,
  Chip,
  Divider,
  Grid,
  List,
  ListItem,
  ListItemText,
  Typography,
} from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import {
  fillRuleText,
  GROUND_LEVEL,
  PlatformContractDocument,
  PlatformContractRule,
} from '@groundwork/plugin-platform-contract-common';
import { useParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import { platformContractApiRef } from '../../api';

const RuleEntry = ({ rule }: { rule: PlatformContractRule }) => (
  <Box mb={3}>
    <Typography variant="h6" id={`rule-${rule.id}`}>{rule.title}</Typography>
    <Box display="flex" flexWrap="wrap" style={{ gap: 6 }} my={1}>
      <Chip size="small" label={rule.id} variant="outlined" />
      <Chip size="small" label={rule.category} />
      <Chip size="small" label={`severity: ${rule.severity}`} />
      <Chip size="small" label={`weight: ${rule.weight}`} />
      {rule.frameworks.map(f => <Chip key={f} size="small" color="primary" variant="outlined" label={f} />)}
    </Box>
    {rule.description && <MarkdownContent content={rule.description} />}
    {rule.howToFix && (
      <Box mt={1}>
        <Typography variant="subtitle2">How to comply</Typography>
        {/* Read as a document: links that pre-fill an entity open empty. */}
        <MarkdownContent content={fillRuleText(rule.howToFix, {})} />
      </Box>
    )}
  </Box>
);

function rulesByLevel(document: PlatformContractDocument) {
  const sections = [
    { level: GROUND_LEVEL, title: 'Ground rules', description: 'Every entity the contract applies to must meet these.' },
    ...document.spec.levels.map(l => ({ level: l.name, title: l.title ?? l.name, description: l.description })),
  ];
  return sections.map(section => ({
    ...section,
    rules: document.spec.rules.filter(rule => rule.level === section.level),
  }));
}

/** A contract rendered as the document it is: prose first, then its rules by level. */
export const ContractPage = () => {
  const { name } = useParams();
  const api = useApi(platformContractApiRef);
  const { value, loading, error } = useAsync(() => api.getContract(name!), [api, name]);

  if (loading) return <Content><Progress /></Content>;
  if (error) return <Content><ResponseErrorPanel error={error} /></Content>;
  if (!value) return <Content><EmptyState missing="data" title="No such contract" /></Content>;
  const document = value.document;

  return (
    <Content>
      <Grid container spacing={3}>
        <Grid item xs={12} md={8}>
          <Typography variant="h3" component="h1">{value.title ?? value.name}</Typography>
          <Typography variant="subtitle1" color="textSecondary" gutterBottom>
            Version {value.version} · owned by {value.owner && <EntityRefLink entityRef={value.owner} defaultKind="group" />} · {value.file}
          </Typography>
          {!value.valid && (
            <Alert severity="error">
              This contract is not applied because its file is invalid:
              <ul>
                {value.errors.map((e, i) => (
                  <li key={i}>{[e.ruleId && `rule ${e.ruleId}`, e.field, e.message].filter(Boolean).join(': ')}</li>
                ))}
              </ul>
            </Alert>
          )}
          {value.description && <MarkdownContent content={value.description} />}
          {document && (
            <>
              {document.spec.prose.groundRules && (
                <Box mt={3}>
                  <Typography variant="h4" component="h2">Ground rules</Typography>
                  <MarkdownContent content={document.spec.prose.groundRules} />
                </Box>
              )}
              {document.spec.prose.levels && (
                <Box mt={3}>
                  <Typography variant="h4" component="h2">Levels</Typography>
                  <MarkdownContent content={document.spec.prose.levels} />
                </Box>
              )}
              {document.spec.prose.offPiste && (
                <Box mt={3}>
                  <Typography variant="h4" component="h2">Going off-piste</Typography>
                  <MarkdownContent content={document.spec.prose.offPiste} />
                  <Typography variant="body2" color="textSecondary">
                    Waivers last at most {document.spec.maxWaiverDays} days.
                  </Typography>
                </Box>
              )}
              <Divider style={{ margin: '24px 0' }} />
              {rulesByLevel(document).filter(s => s.rules.length > 0).map(section => (
                <Box key={section.level} mb={4}>
                  <Typography variant="h4" component="h2">{section.title}</Typography>
                  {section.description && <Typography variant="body1" paragraph>{section.description}</Typography>}
                  {section.rules.map(rule => <RuleEntry key={rule.id} rule={rule} />)}
                </Box>
              ))}
            </>
          )}
        </Grid>
        {document && (
          <Grid item xs={12} md={4}>
            <InfoCard title="Contents">
              <List dense>
                {rulesByLevel(document).filter(s => s.rules.length > 0).map(section => (
                  <ListItem key={section.level} disableGutters>
                    <ListItemText
                      primary={section.title}
                      secondary={section.rules.map(r => r.title).join(' · ')}
                    />
                  </ListItem>
                ))}
              </List>
            </InfoCard>
          </Grid>
        )}
      </Grid>
    </Content>
  );
};
