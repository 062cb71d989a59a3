/**
 * Names of Karpenter's AWS and Kubernetes pieces, derived from the cluster name alone so that the
 * controller's IAM policy (in the workload identity catalog) can name the queue and the node role
 * it may use before either exists.
 */
export interface KarpenterNames {
  /** Namespace of the controller, the one namespace the Fargate profile selects. */
  readonly namespace: string;
  readonly serviceAccount: string;
  readonly nodeRole: string;
  readonly podExecutionRole: string;
  readonly fargateProfile: string;
  readonly interruptionQueue: string;
  /** The EC2NodeClass every NodePool uses. */
  readonly nodeClass: string;
}

export function karpenterNames(clusterName: string): KarpenterNames {
  return {
    namespace: 'karpenter',
    serviceAccount: 'karpenter',
    nodeRole: `${clusterName}-karpenter-node`,
    podExecutionRole: `${clusterName}-fargate-pods`,
    fargateProfile: `${clusterName}-karpenter`,
    interruptionQueue: `${clusterName}-karpenter-interruption`,
    nodeClass: 'bottlerocket',
  };
}
