import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as eks from 'aws-cdk-lib/aws-eks-v2';
import { Construct } from 'constructs';
import { ControlPlaneIngress } from './control-plane-ingress';

export interface KubectlSecurityGroupProps {
  readonly vpc: ec2.IVpc;
  readonly clusterName: string;
}

/** HTTPS: the API server's private endpoint, the VPC endpoints, registries and chart repositories. */
const HTTPS = ec2.Port.tcp(443);

/**
 * The kubectl provider's own security group. aws-eks-v2 otherwise puts the provider's Lambda
 * functions in the EKS-managed cluster security group (KubectlProvider: `securityGroups` falls back
 * to `cluster.clusterSecurityGroup`). Lambda releases a VPC function's network interfaces some time
 * after the function is deleted; in the cluster's group they would hold that group (which EKS
 * deletes with the cluster) at teardown. In a group of their own they hold only this group, which
 * CloudFormation deletes after the functions, in the same stack. The control plane admits it on
 * 443, the one port kubectl and Helm use, on its own security group (control-plane-ingress.ts), so
 * the functions reach the API server and not port 443 on the nodes.
 */
export class KubectlSecurityGroup extends Construct {
  readonly securityGroup: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, props: KubectlSecurityGroupProps) {
    super(scope, id);
    this.securityGroup = new ec2.SecurityGroup(this, 'Group', {
      vpc: props.vpc,
      description: `kubectl provider functions of ${props.clusterName}: HTTPS out only`,
      allowAllOutbound: false,
    });
    // The API server, STS/EKS/ECR through the VPC endpoints, public chart repositories and OCI registries through NAT.
    this.securityGroup.addEgressRule(ec2.Peer.anyIpv4(), HTTPS, 'API server, AWS endpoints, chart repositories and registries over HTTPS');
  }

  /**
   * Let the control plane admit the functions on 443, before the provider runs: every resource of
   * the provider waits for the rule, so no kubectl call can start without it.
   */
  admitTo(cluster: eks.Cluster): ec2.CfnSecurityGroupIngress {
    const { rule } = new ControlPlaneIngress(this, 'ControlPlaneAdmitsKubectl', {
      cluster,
      source: this.securityGroup,
      description: 'Kubernetes API from the kubectl provider functions',
    });
    const provider = cluster.kubectlProvider;
    if (!provider) throw new Error('the cluster has no kubectl provider to admit');
    provider.node.addDependency(rule);
    return rule;
  }
}
