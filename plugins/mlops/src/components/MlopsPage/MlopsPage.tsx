import {
  Content,
  EmptyState,
  Header,
  Page,
} from '@backstage/core-components';

export const MlopsPage = () => (
  <Page themeId="tool">
    <Header title="MLOps" subtitle="Groundwork" />
    <Content>
      <EmptyState
        missing="data"
        title="Nothing to show yet"
        description="Every ML project in the catalog will appear here with its MLflow experiments, last training run, best metric, production model and whether that model is traceable to its run, data and commit."
      />
    </Content>
  </Page>
);
