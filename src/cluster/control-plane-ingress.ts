import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as eks from 'aws-cdk-lib/aws-eks-v2';
import { Construct } from 'constructs';

export interface ControlPlaneIngressProps {
  readonly cluster: eks.Cluster;
  /** The group admitted (the operator Client VPN's, from the network stack). */
  readonly source: ec2.ISecurityGroup;
  readonly description: string;
}

/** The id aws-eks-v2 gives the security group it creates for the control plane (`securityGroup` prop). */
const CONTROL_PLANE_SECURITY_GROUP_ID = 'ControlPlaneSecurityGroup';

/**
 * Admits one security group to the Kubernetes API (443) on the control plane's own security group.
 *
 * An aws-eks-v2 cluster has two: `clusterSecurityGroup`, which EKS creates and puts on the
 * control-plane network interfaces and on every managed node (our node group carries it), and
 * the additional group aws-eks-v2 creates and passes as `ResourcesVpcConfig.SecurityGroupIds`,
 * which EKS puts on the control-plane interfaces only. The rule goes on the second, so the source
 * reaches the API server and not port 443 on the nodes.
 */
export class ControlPlaneIngress extends Construct {
  readonly rule: ec2.CfnSecurityGroupIngress;

  constructor(scope: Construct, id: string, props: ControlPlaneIngressProps) {
    super(scope, id);
    // findChild throws if an aws-cdk-lib upgrade renames it, rather than silently picking another group.
    const controlPlane = props.cluster.node.findChild(CONTROL_PLANE_SECURITY_GROUP_ID) as ec2.ISecurityGroup;
    this.rule = new ec2.CfnSecurityGroupIngress(this, 'Https', {
      groupId: controlPlane.securityGroupId,
      sourceSecurityGroupId: props.source.securityGroupId,
      ipProtocol: 'tcp',
      fromPort: 443,
      toPort: 443,
      description: props.description,
    });
  }
}
