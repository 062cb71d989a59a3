import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type { Construct } from 'constructs';

/**
 * The security group of one data service: inbound only from the cluster's workload group on the
 * service's one port, and no outbound rule (a database opens no connections of its own).
 */
export function serviceSecurityGroup(scope: Construct, id: string, props: { vpc: ec2.IVpc; clients: ec2.ISecurityGroup; port: number; service: string }): ec2.SecurityGroup {
  const group = new ec2.SecurityGroup(scope, id, {
    vpc: props.vpc,
    description: `${props.service}: port ${props.port} from the cluster nodes and pods only`,
    allowAllOutbound: false,
  });
  group.addIngressRule(props.clients, ec2.Port.tcp(props.port), `${props.service} clients: the cluster nodes and pods`);
  return group;
}
