/**
 * The EKS managed add-ons (SPEC section 5) as data: when each installs relative to the node
 * group and which IAM role, bound to which service accounts, it runs with.
 */
import type { AddonName } from './versions';

export interface AddonRoleSpec {
  /** Role name suffix: the role is `<cluster>-<suffix>`. */
  readonly suffix: string;
  readonly namespace: string;
  /** Exact service account names the add-on creates and annotates with the role. */
  readonly serviceAccounts: readonly string[];
  /** AWS managed policy the role carries. */
  readonly managedPolicy: string;
}

export interface AddonSpec {
  readonly name: AddonName;
  /**
   * `before-nodes`: nodes cannot become Ready without it (pod networking, service routing).
   * `after-nodes`: it runs Deployments that need nodes to report healthy.
   */
  readonly order: 'before-nodes' | 'after-nodes';
  readonly role?: AddonRoleSpec;
  readonly purpose: string;
}

export const ADDON_CATALOG: readonly AddonSpec[] = [
  {
    name: 'vpc-cni',
    order: 'before-nodes',
    purpose: 'pod networking with VPC IP addresses',
    role: {
      suffix: 'vpc-cni-controller',
      namespace: 'kube-system',
      serviceAccounts: ['aws-node'],
      managedPolicy: 'AmazonEKS_CNI_Policy',
    },
  },
  { name: 'kube-proxy', order: 'before-nodes', purpose: 'Service routing on every node' },
  { name: 'coredns', order: 'after-nodes', purpose: 'cluster DNS' },
  {
    name: 'aws-ebs-csi-driver',
    order: 'after-nodes',
    purpose: 'EBS persistent volumes',
    role: {
      suffix: 'ebs-controller',
      namespace: 'kube-system',
      serviceAccounts: ['ebs-csi-controller-sa'],
      managedPolicy: 'service-role/AmazonEBSCSIDriverPolicy',
    },
  },
  {
    name: 'aws-efs-csi-driver',
    order: 'after-nodes',
    purpose: 'EFS shared file systems',
    role: {
      suffix: 'efs-controller',
      namespace: 'kube-system',
      // The add-on annotates both its controller and its node DaemonSet service accounts.
      serviceAccounts: ['efs-csi-controller-sa', 'efs-csi-node-sa'],
      managedPolicy: 'service-role/AmazonEFSCSIDriverPolicy',
    },
  },
];
