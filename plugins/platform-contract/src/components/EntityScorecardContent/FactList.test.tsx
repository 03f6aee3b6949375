import { render, screen } from '@testing-library/react';
import { FactList } from './FactList';

describe('FactList', () => {
  it('says a sensitive value is hidden rather than showing none', () => {
    render(
      <FactList
        facts={[
          { fact: 'cost.monthlyBudget', hidden: true, source: 'cost' },
          { fact: 'cost.forecastVsBudget', hidden: true, problem: 'stale' },
          { fact: 'catalog.owner', value: 'group:default/a' },
        ]}
      />,
    );
    expect(
      screen.getByText(
        'cost.monthlyBudget: value hidden (you may not read it for this entity)',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'cost.forecastVsBudget: value hidden (you may not read it for this entity) (stale)',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('catalog.owner = "group:default/a"'),
    ).toBeInTheDocument();
  });
});
