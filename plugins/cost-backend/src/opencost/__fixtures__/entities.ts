import { Entity } from '@backstage/catalog-model';
import { demoEntities } from '../../__fixtures__/catalog';

/** The cost test catalog with Kubernetes annotations, one of them partly invalid. */
const annotations: Record<string, Record<string, string>> = {
  BrightPathMatrix: { 'groundwork.dev/kubernetes-namespace': 'brightpath' },
  BrightLensMatrix: { 'groundwork.dev/kubernetes-namespace': 'brightlens' },
  PrimeManagerDrive: {
    'groundwork.dev/kubernetes-namespace':
      'prime-manager, http://evil.example/allocation',
  },
  ZoomMapMax: {
    'groundwork.dev/kubernetes-label-selector':
      'app.kubernetes.io/part-of=zoommap',
  },
  SyncBuilderInsight: {
    'groundwork.dev/kubernetes-namespace': 'not-in-the-cluster',
  },
};

export const annotatedEntities: Entity[] = demoEntities.map(e => ({
  ...e,
  metadata: {
    ...e.metadata,
    annotations: {
      ...e.metadata.annotations,
      ...annotations[e.metadata.name],
    },
  },
  spec:
    e.kind === 'Group'
      ? { profile: { displayName: `${e.metadata.name} team` } }
      : e.spec,
}));
