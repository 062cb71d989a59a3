/**
 * The EKS managed add-ons (SPEC section 5) as data: when each installs relative to the node
 * group. Their IAM roles are entries of the workload identity catalog (src/identity/catalog.ts).
 */
import type { AddonName } from './versions';

export interface AddonSpec {
  readonly name: AddonName;
  /**
   * `before-nodes`: nodes cannot become Ready without it (pod networking, service routing).
   * `after-nodes`: it runs Deployments that need nodes to report healthy.
   */
  readonly order: 'before-nodes' | 'after-nodes';
  readonly purpose: string;
  /** Installed only in this workload identity mode (default: always). */
  readonly onlyInMode?: 'irsa' | 'pod-identity';
  /** The add-on's configuration values (`aws eks describe-addon-configuration` lists the keys). */
  readonly configuration?: Readonly<Record<string, string>>;
}

export const ADDON_CATALOG: readonly AddonSpec[] = [
  {
    name: 'vpc-cni',
    order: 'before-nodes',
    purpose: 'pod networking with VPC IP addresses, enforcing NetworkPolicies',
    // Without it NetworkPolicies are accepted but not enforced (the CNI's network policy agent is off).
    configuration: { enableNetworkPolicy: 'true' },
  },
  { name: 'kube-proxy', order: 'before-nodes', purpose: 'Service routing on every node' },
  { name: 'coredns', order: 'after-nodes', purpose: 'cluster DNS' },
  {
    name: 'aws-ebs-csi-driver',
    order: 'after-nodes',
    purpose: 'EBS persistent volumes',
  },
  {
    name: 'aws-efs-csi-driver',
    order: 'after-nodes',
    purpose: 'EFS shared file systems',
  },
  {
    name: 'eks-pod-identity-agent',
    // A host-network DaemonSet: pods scheduled on a new node need it from the start.
    order: 'before-nodes',
    purpose: 'serves EKS Pod Identity credentials to pods',
    onlyInMode: 'pod-identity',
  },
];
