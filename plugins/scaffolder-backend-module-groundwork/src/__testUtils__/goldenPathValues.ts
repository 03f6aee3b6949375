import { DEMO_OWNER, DEMO_SYSTEM } from './demoBackend';

const component = {
  owner: DEMO_OWNER,
  system: DEMO_SYSTEM,
  lifecycle: 'experimental',
};

/**
 * Representative form answers per golden path (keyed by template name), as
 * a person would fill in the Create page.
 */
export const goldenPathValues: Record<string, Record<string, unknown>> = {
  'node-service': {
    ...component,
    name: 'order-pricing',
    description: 'Prices orders: discounts, taxes and shipping.',
    repoUrl: 'github.com?owner=acme&repo=order-pricing',
    ciSystem: 'github-actions',
    pagerdutyServiceId: 'PORDER1',
    port: 8080,
    nodeVersion: '22',
    monthlyBudgetUsd: 400,
  },
  'python-service': {
    ...component,
    name: 'stock-levels',
    description: 'Answers how many items of a product are in stock: per store.',
    repoUrl: 'gitlab.com?owner=acme&repo=stock-levels',
    ciSystem: 'gitlab-ci',
    pagerdutyServiceId: 'PSTOCK1',
    port: 8000,
    pythonVersion: '3.12',
  },
  'ml-project': {
    ...component,
    owner: 'group:default/tempeai',
    system: 'system:default/zoommap',
    name: 'eta-forecast',
    description: 'Forecasts delivery ETAs from order and traffic data.',
    repoUrl: 'github.com?owner=acme&repo=eta-forecast',
    ciSystem: 'github-actions',
    experimentName: 'eta-forecast',
    pythonVersion: '3.12',
  },
  'docs-site': {
    ...component,
    name: 'checkout-handbook',
    description: 'How the checkout teams build, release and support checkout.',
    repoUrl: 'github.com?owner=acme&repo=checkout-handbook',
    ciSystem: 'gitlab-ci',
    pagerdutyServiceId: 'PDOCS01',
  },
  'kubernetes-service': {
    ...component,
    name: 'label-printer',
    description: 'Prints shipping labels for the warehouses.',
    repoUrl: 'github.com?owner=acme&repo=label-printer',
    ciSystem: 'gitlab-ci',
    pagerdutyServiceId: 'PLABEL1',
    port: 8080,
    monthlyBudgetUsd: 250,
  },
};
