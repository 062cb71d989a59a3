import { Tags } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';

export interface WorkloadSecurityGroupProps {
  readonly vpc: ec2.IVpc;
  readonly clusterName: string;
}

/**
 * The identity of "the cluster's nodes and pods" on the network. Every node carries it (the node
 * launch template, and Karpenter's node class by its tag), and pods share their node's interfaces,
 * so the data services admit this group, and only it, on their ports. It lives in the network
 * stack because both the data stack (which admits it) and the cluster stack (which attaches it)
 * need it, and neither may depend on the other for it.
 */
export class WorkloadSecurityGroup extends Construct {
  readonly securityGroup: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, props: WorkloadSecurityGroupProps) {
    super(scope, id);
    this.securityGroup = new ec2.SecurityGroup(this, 'Group', {
      vpc: props.vpc,
      description: `Nodes and pods of ${props.clusterName}: the only source data services admit`,
      // Nodes reach the control plane, registries and data services; outbound stays open, inbound stays closed.
      allowAllOutbound: true,
    });
    // Karpenter's node classes select the groups of new nodes by this tag.
    Tags.of(this.securityGroup).add('karpenter.sh/discovery', props.clusterName);
  }
}
