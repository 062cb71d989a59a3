import { CHART_VERSIONS } from '../../config/versions';
import type { HelmEntry } from '../chart-spec';

/**
 * The class of the Services this controller reconciles as NLBs (v2.14.1 pkg/config/service_config.go
 * default, passed as `--load-balancer-class` by the chart's deployment.yaml). Every LoadBalancer
 * Service must name it: src/cluster/load-balancer-class-policy.ts.
 */
export const NLB_CLASS = 'service.k8s.aws/nlb';

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
  // Its fail-closed webhooks at v2.14.1 (templates/webhook.yaml) refuse these kinds while its pods
  // are not serving: Ingress (vingress), IngressClassParams (vingressclassparams; its own are
  // excluded by label), TargetGroupBinding (mtargetgroupbinding, vtargetgroupbinding). The pod
  // mutator (readiness gates) fails open (`podMutatorWebhookConfig.failurePolicy: Ignore`) and selects
  // only namespaces labelled `elbv2.k8s.aws/pod-readiness-gate-inject`; the Service mutator is off.
  admits: ['Ingress', 'IngressClassParams', 'TargetGroupBinding'],
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
    loadBalancerClass: NLB_CLASS,
    // No Service webhook: fail-closed it would stop every Service in the cluster while these pods do
    // not serve, fail-open it would let one through to the legacy provider's CLB. The API server's
    // own ValidatingAdmissionPolicy requires this class instead, with no pods to wait for
    // (src/cluster/load-balancer-class-policy.ts).
    enableServiceMutatorWebhook: false,
    podDisruptionBudget: { maxUnavailable: 1 },
    resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
  }),
};
