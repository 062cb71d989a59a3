import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { createNodeRole } from '../cluster/node-role';
import { ControllerFargateProfile } from './controller-fargate-profile';
import { InterruptionQueue } from './interruption-queue';
import type { KarpenterModel } from './resolve';

export interface KarpenterInfrastructureProps {
  readonly cluster: eks.Cluster;
  readonly clusterName: string;
  readonly vpc: ec2.IVpc;
  readonly karpenter: KarpenterModel;
  /** Managed policies of the node role: the managed node group's, so both kinds of node are alike. */
  readonly nodeRolePolicies: readonly string[];
}

/** Fargate's pod execution policy: pull images, write Fargate's own logs. */
export const FARGATE_POD_EXECUTION_POLICIES = ['AmazonEKSFargatePodExecutionRolePolicy'];

/**
 * What Karpenter needs outside Kubernetes (SPEC section 4): the Fargate profile it runs on, the
 * role and access entry of the nodes it launches and the interruption queue. The controller's own
 * role is an entry of the workload identity catalog. The account's EC2 Spot service-linked role is
 * deliberately not a resource here: it is account-wide, exists wherever Spot was ever used (so
 * creating it fails) and outlives every stack; EC2 creates it on the first Spot launch when it is
 * missing, with the controller's permission to create exactly that role (karpenter-controller-policy.ts).
 */
export class KarpenterInfrastructure extends Construct {
  readonly fargate: ControllerFargateProfile;
  readonly nodeRole: iam.Role;
  readonly nodeAccess: eks.AccessEntry;
  readonly interruption: InterruptionQueue;

  constructor(scope: Construct, id: string, props: KarpenterInfrastructureProps) {
    super(scope, id);
    const { karpenter } = props;
    const names = karpenter.names;

    this.fargate = new ControllerFargateProfile(this, 'Fargate', {
      cluster: props.cluster,
      clusterName: props.clusterName,
      names,
      subnets: props.vpc.selectSubnets({ subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }).subnets,
      podExecutionPolicies: FARGATE_POD_EXECUTION_POLICIES,
    });

    this.nodeRole = createNodeRole(this, 'NodeRole', {
      roleName: names.nodeRole,
      description: `Bottlerocket nodes that Karpenter launches for ${props.clusterName}`,
      policies: props.nodeRolePolicies,
    });
    // Nodes join through an access entry of type EC2_LINUX (Bottlerocket included); EKS grants
    // such entries the node permissions itself, so no access policy is attached.
    this.nodeAccess = new eks.AccessEntry(this, 'NodeAccess', {
      cluster: props.cluster,
      principal: this.nodeRole.roleArn,
      accessEntryType: eks.AccessEntryType.EC2_LINUX,
      accessPolicies: [],
    });

    this.interruption = new InterruptionQueue(this, 'Interruption', { queueName: names.interruptionQueue });
  }
}
