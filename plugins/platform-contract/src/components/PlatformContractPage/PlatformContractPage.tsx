import {
  Content,
  EmptyState,
  Header,
  Page,
} from '@backstage/core-components';

export const PlatformContractPage = () => (
  <Page themeId="tool">
    <Header title="Platform contract" subtitle="Groundwork" />
    <Content>
      <EmptyState
        missing="data"
        title="Nothing to show yet"
        description="Scorecards for every catalog entity will appear here: how each team and system stands against the platform contract, the rules that fail and how to fix them, waivers and campaigns."
      />
    </Content>
  </Page>
);
