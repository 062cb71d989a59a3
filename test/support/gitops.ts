/** Fixtures of the argocd delivery mode (charts.delivery), and its Applications read back from the templates. */
import { evaluate } from './intrinsics';
import { ofType, type Synthesized } from './platform';

export const IDC_INSTANCE = 'arn:aws:sso:::instance/ssoins-1234567890abcdef';
export const ADMIN_GROUP = '906753fa-d0b1-70b2-4bc3-1a2b3c4d5e6f';

/** An environment in argocd mode (dev names its repository through delivery.github). */
export function argocd(d: any): void {
  d.charts = {
    ...d.charts,
    delivery: 'argocd',
    argocd: {
      identityCenter: { instanceArn: 'arn:aws:sso:::instance/ssoins-1234567890abcdef' },
      roleMappings: [{ role: 'ADMIN', identities: [{ type: 'SSO_GROUP', id: '906753fa-d0b1-70b2-4bc3-1a2b3c4d5e6f' }] }],
    },
  };
}

/** Every Kubernetes object the kubectl provider applies in a template, deploy-time values as CloudFormation renders them. */
export function appliedObjects(s: Synthesized, template: any): Array<{ logicalId: string; resource: any; objects: any[] }> {
  return ofType(template, 'Custom::AWSCDK-EKS-KubernetesResource').map(([logicalId, resource]) => ({
    logicalId,
    resource,
    objects: JSON.parse(String(evaluate(resource.Properties.Manifest, {}, s.producers))),
  }));
}

/** The Argo CD objects of a kind across the charts and application stacks, by name. */
export function argoObjects(s: Synthesized, kind: string): Map<string, { logicalId: string; resource: any; object: any }> {
  const found = new Map<string, { logicalId: string; resource: any; object: any }>();
  for (const template of [s.templates.charts, s.templates.application]) {
    for (const { logicalId, resource, objects } of appliedObjects(s, template)) {
      for (const object of objects) if (object.kind === kind) found.set(object.metadata.name, { logicalId, resource, object });
    }
  }
  return found;
}
