import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { CostPage } from './CostPage';

describe('CostPage', () => {
  it('says what will appear when there is nothing yet', async () => {
    await renderInTestApp(<CostPage />);
    expect(screen.getByText('Cost')).toBeInTheDocument();
    expect(screen.getByText(/will appear here/)).toBeInTheDocument();
  });
});
