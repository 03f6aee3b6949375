import {
  Content,
  EmptyState,
  Header,
  Page,
} from '@backstage/core-components';

export const CostPage = () => (
  <Page themeId="tool">
    <Header title="Cost" subtitle="Groundwork" />
    <Content>
      <EmptyState
        missing="data"
        title="Nothing to show yet"
        description="Cloud spend from your FOCUS billing exports will appear here: spend per team against budget, top movers, forecasts and what could not be attributed."
      />
    </Content>
  </Page>
);
