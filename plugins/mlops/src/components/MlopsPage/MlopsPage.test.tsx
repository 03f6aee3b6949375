import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { MlopsPage } from './MlopsPage';

describe('MlopsPage', () => {
  it('says what will appear when there is nothing yet', async () => {
    await renderInTestApp(<MlopsPage />);
    expect(screen.getByText('MLOps')).toBeInTheDocument();
    expect(screen.getByText(/will appear here/)).toBeInTheDocument();
  });
});
