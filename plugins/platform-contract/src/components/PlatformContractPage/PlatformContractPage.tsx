import { Header, Page } from '@backstage/core-components';
import { Route, Routes } from 'react-router-dom';
import { CampaignPage } from '../CampaignPage';
import { ContractPage } from '../ContractPage';
import { LeadershipPage } from '../LeadershipPage';

/** The plugin's page: organisation compliance, and each contract under /contracts/:name. */
export const PlatformContractPage = () => (
  <Page themeId="tool">
    <Header title="Platform contract" subtitle="What it takes to be a good platform citizen, and how every team stands" />
    <Routes>
      <Route path="/" element={<LeadershipPage />} />
      <Route path="/contracts/:name" element={<ContractPage />} />
      <Route path="/campaigns/:id" element={<CampaignPage />} />
    </Routes>
  </Page>
);
