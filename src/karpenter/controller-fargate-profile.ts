import { Stack } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { KarpenterNames } from './names';

export interface ControllerFargateProfileProps {
  readonly cluster: eks.ICluster;
  readonly clusterName: string;
  readonly names: KarpenterNames;
  /** The private subnets (Fargate pods get no public addresses). */
  readonly subnets: readonly ec2.ISubnet[];
  /** AWS managed policies of the pod execution role. */
  readonly podExecutionPolicies: readonly string[];
}

/**
 * The cluster's only Fargate profile: it selects the Karpenter namespace, so the controller never
 * runs on a node it might remove. EKS creates the FARGATE_LINUX access entry of the pod execution
 * role itself when the profile is created.
 */
export class ControllerFargateProfile extends Construct {
  readonly profile: eks.CfnFargateProfile;
  /** Pulls the controller's image (through the mirror when it is on) and nothing else. */
  readonly podExecutionRole: iam.Role;

  constructor(scope: Construct, id: string, props: ControllerFargateProfileProps) {
    super(scope, id);
    const { names } = props;
    const stack = Stack.of(this);
    this.podExecutionRole = new iam.Role(this, 'PodExecutionRole', {
      roleName: names.podExecutionRole,
      description: `Fargate pod execution role of ${props.clusterName} (Karpenter controller)`,
      // Only this cluster's Fargate profiles may use it (confused-deputy guard AWS recommends).
      assumedBy: new iam.ServicePrincipal('eks-fargate-pods.amazonaws.com', {
        conditions: { ArnLike: { 'aws:SourceArn': `arn:${stack.partition}:eks:${stack.region}:${stack.account}:fargateprofile/${props.clusterName}/*` } },
      }),
      managedPolicies: props.podExecutionPolicies.map((p) => iam.ManagedPolicy.fromAwsManagedPolicyName(p)),
    });
    this.profile = new eks.CfnFargateProfile(this, 'Profile', {
      clusterName: props.cluster.clusterName,
      fargateProfileName: names.fargateProfile,
      podExecutionRoleArn: this.podExecutionRole.roleArn,
      subnets: props.subnets.map((s) => s.subnetId),
      selectors: [{ namespace: names.namespace }],
    });
  }
}
