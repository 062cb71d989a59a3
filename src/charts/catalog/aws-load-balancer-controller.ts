import { CHART_VERSIONS } from '../../config/versions';
import type { HelmEntry } from '../chart-spec';

/**
 * Values checked against kubernetes-sigs/aws-load-balancer-controller helm/.../values.yaml.
 * Region and VPC are given because pods cannot reach instance metadata (IMDSv2 hop limit 1).
 */
export const awsLoadBalancerController: HelmEntry = {
  kind: 'helm',
  id: 'aws-load-balancer-controller',
  purpose: 'NLBs and ALBs for Services and Ingresses; the default IngressClass',
  phase: 'primary',
  namespace: 'kube-system',
  // Its webhooks (templates/webhook.yaml at v2.14.1) refuse these kinds while its pods are not
  // serving: the Service one for every Service in the cluster (its own are excluded by label).
  admits: ['Service', 'Ingress', 'IngressClassParams', 'TargetGroupBinding'],
  applies: [],
  availability: { controller: { replicas: 'replicaCount', disruptionBudget: 'podDisruptionBudget' } },
  defaultEnabled: true,
  roleId: 'aws-load-balancer-controller',
  repository: 'https://aws.github.io/eks-charts',
  chart: 'aws-load-balancer-controller',
  release: () => 'aws-load-balancer-controller',
  version: CHART_VERSIONS['aws-load-balancer-controller'],
  images: [{ path: 'image.repository', registry: 'ecr-public', repository: 'eks/aws-load-balancer-controller' }],
  deployTimeValues: { vpcId: 'vpcId' },
  values: (ctx) => ({
    clusterName: ctx.clusterName,
    region: ctx.region,
    replicaCount: 2,
    serviceAccount: { create: false, name: ctx.serviceAccount('aws-load-balancer-controller') },
    ingressClass: 'alb',
    createIngressClassResource: true,
    ingressClassConfig: { default: true },
    defaultTargetType: 'ip',
    // New LoadBalancer Services go to this controller (NLB), never to the legacy in-tree CLB.
    enableServiceMutatorWebhook: true,
    // Fail closed, stated rather than inherited: failing open would hand a Service created while the
    // controller is down to the legacy provider for good. The graph orders every entry that creates
    // Services after this one, so the install never races the webhook (src/plan/admission.ts).
    serviceMutatorWebhookConfig: { failurePolicy: 'Fail' },
    podDisruptionBudget: { maxUnavailable: 1 },
    resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
  }),
};
