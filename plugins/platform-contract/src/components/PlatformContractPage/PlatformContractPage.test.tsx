import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { PlatformContractPage } from './PlatformContractPage';

describe('PlatformContractPage', () => {
  it('says what will appear when there is nothing yet', async () => {
    await renderInTestApp(<PlatformContractPage />);
    expect(screen.getByText('Platform contract')).toBeInTheDocument();
    expect(screen.getByText(/will appear here/)).toBeInTheDocument();
  });
});
