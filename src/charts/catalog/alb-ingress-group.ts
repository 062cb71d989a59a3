import type { ManifestEntry } from '../chart-spec';

/** The IngressClass that Ingresses name to share one ALB. */
export const SHARED_ALB_CLASS = 'alb-shared';

/**
 * One ALB shared by several Ingresses (IngressClassParams `group.name`), instead of an ALB per
 * Ingress. The objects make no load balancer themselves; Ingresses that use the class do, and
 * those belong to the application phase, after the controller.
 */
export const albIngressGroup: ManifestEntry = {
  kind: 'manifest',
  id: 'alb-ingress-group',
  purpose: `IngressClass "${SHARED_ALB_CLASS}": Ingresses sharing one internet-facing ALB`,
  phase: 'primary',
  dependsOn: ['aws-load-balancer-controller'],
  namespace: 'kube-system',
  applies: ['IngressClassParams'],
  defaultEnabled: true,
  manifests: (ctx) => [
    {
      apiVersion: 'elbv2.k8s.aws/v1beta1',
      kind: 'IngressClassParams',
      metadata: { name: SHARED_ALB_CLASS },
      spec: {
        group: { name: `${ctx.project}-${ctx.envName}` },
        scheme: 'internet-facing',
        ipAddressType: 'ipv4',
        loadBalancerAttributes: [{ key: 'routing.http.drop_invalid_header_fields.enabled', value: 'true' }],
      },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'IngressClass',
      metadata: { name: SHARED_ALB_CLASS },
      spec: {
        controller: 'ingress.k8s.aws/alb',
        parameters: { apiGroup: 'elbv2.k8s.aws', kind: 'IngressClassParams', name: SHARED_ALB_CLASS },
      },
    },
  ],
};
