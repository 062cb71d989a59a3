/**
 * Every Service of type LoadBalancer goes to the AWS Load Balancer Controller (an NLB), never to the
 * legacy cloud provider, whose Classic Load Balancer ignores the NLB annotations (the scheme among
 * them) and cannot be moved later: `spec.loadBalancerClass` is immutable once the Service is a
 * LoadBalancer.
 *
 * The controller's chart offers a mutating webhook for this (`mservice.elbv2.k8s.aws`, v2.14.1
 * helm/aws-load-balancer-controller/templates/webhook.yaml and webhooks/core/service_mutator.go:
 * on CREATE it sets the class on a LoadBalancer Service that has none). Fail-closed, it refuses
 * every Service in the cluster while the controller's pods do not serve, which put the controller
 * in front of every chart that creates a Service; fail-open, it would let a Service through to the
 * legacy provider. It is off (`enableServiceMutatorWebhook: false`) and this policy states the same
 * intent in the API server itself: a ValidatingAdmissionPolicy (admissionregistration.k8s.io/v1,
 * GA in Kubernetes 1.30) evaluates CEL in process, with no webhook, no pods and so nothing to wait
 * for or to race. It rejects, with a message naming the fix, a Service that becomes a LoadBalancer
 * (created as one, or changed into one) without the controller's NLB class. Unlike the mutator it
 * also covers the change of type (the chart's mutator runs on CREATE only) and it never changes an
 * object behind its author's back. A Service that already is a LoadBalancer is left alone on
 * update (its class can no longer change), so the cloud provider can still remove its finalizer.
 *
 * It lives in the cluster stack: in place before the first chart, or anyone, creates a Service.
 */
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { Construct } from 'constructs';
import { NLB_CLASS } from '../charts/catalog/aws-load-balancer-controller';

export const LOAD_BALANCER_CLASS_POLICY = 'eks-platform-load-balancer-class';

/** The CEL of the policy, by role: which requests it applies to, and what it requires of them. */
export const LOAD_BALANCER_CLASS_CEL = {
  /** Only Services that are LoadBalancers after the request. */
  isLoadBalancer: "has(object.spec.type) && object.spec.type == 'LoadBalancer'",
  /** ...and were not before it: a create, or an update that changes the type. */
  becomesLoadBalancer: "oldObject == null || !has(oldObject.spec.type) || oldObject.spec.type != 'LoadBalancer'",
  /** The requirement. */
  namesTheNlbClass: `has(object.spec.loadBalancerClass) && object.spec.loadBalancerClass == '${NLB_CLASS}'`,
} as const;

export const LOAD_BALANCER_CLASS_MESSAGE =
  `A Service of type LoadBalancer must set spec.loadBalancerClass: ${NLB_CLASS}, so that the AWS Load Balancer Controller ` +
  'provisions an NLB. Without it the legacy cloud provider would create a Classic Load Balancer that ignores the NLB annotations, ' +
  'and the class cannot be changed afterwards.';

/** The ValidatingAdmissionPolicy and its binding (cluster-wide, Deny). */
export function loadBalancerClassPolicyObjects(): Record<string, unknown>[] {
  const labels = { 'app.kubernetes.io/managed-by': 'eks-platform' };
  return [
    {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicy',
      metadata: { name: LOAD_BALANCER_CLASS_POLICY, labels },
      spec: {
        // An expression that cannot be evaluated refuses the request rather than letting it pass.
        failurePolicy: 'Fail',
        matchConstraints: {
          resourceRules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['services'] }],
        },
        matchConditions: [
          { name: 'is-load-balancer', expression: LOAD_BALANCER_CLASS_CEL.isLoadBalancer },
          { name: 'becomes-load-balancer', expression: LOAD_BALANCER_CLASS_CEL.becomesLoadBalancer },
        ],
        validations: [{ expression: LOAD_BALANCER_CLASS_CEL.namesTheNlbClass, message: LOAD_BALANCER_CLASS_MESSAGE, reason: 'Invalid' }],
      },
    },
    {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicyBinding',
      metadata: { name: LOAD_BALANCER_CLASS_POLICY, labels },
      // No matchResources: every namespace, kube-system included.
      spec: { policyName: LOAD_BALANCER_CLASS_POLICY, validationActions: ['Deny'] },
    },
  ];
}

export interface LoadBalancerClassPolicyProps {
  readonly cluster: eks.ICluster;
}

/** The policy and its binding, applied through the cluster's kubectl provider. */
export class LoadBalancerClassPolicy extends Construct {
  readonly manifest: eks.KubernetesManifest;

  constructor(scope: Construct, id: string, props: LoadBalancerClassPolicyProps) {
    super(scope, id);
    this.manifest = new eks.KubernetesManifest(this, 'Manifest', { cluster: props.cluster, manifest: loadBalancerClassPolicyObjects(), overwrite: true });
  }
}
