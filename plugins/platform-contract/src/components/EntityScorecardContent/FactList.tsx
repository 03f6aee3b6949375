import { Typography } from '@material-ui/core';
import { DecidingFact } from '@groundwork/plugin-platform-contract-common';

function describe(fact: DecidingFact) {
  const name = fact.path ? `${fact.fact}.${fact.path}` : fact.fact;
  if (fact.problem === 'missing') return `${name}: no value`;
  const stale = fact.problem === 'stale' ? ' (stale)' : '';
  if (fact.hidden) {
    return `${name}: value hidden (you may not read it for this entity)${stale}`;
  }
  return `${name} = ${JSON.stringify(fact.value)}${stale}`;
}

/** The facts that decided a rule, with where they came from. */
export const FactList = ({ facts }: { facts: DecidingFact[] }) => (
  <>
    {facts.map((fact, index) => (
      <Typography
        key={index}
        variant="body2"
        color={fact.problem ? 'textSecondary' : 'textPrimary'}
        title={[
          fact.source && `source: ${fact.source}`,
          fact.observedAt && `observed: ${fact.observedAt}`,
        ]
          .filter(Boolean)
          .join(', ')}
        style={{ fontFamily: 'monospace', wordBreak: 'break-all' }}
      >
        {describe(fact)}
      </Typography>
    ))}
  </>
);
