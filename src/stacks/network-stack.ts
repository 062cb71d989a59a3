import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import type { PlatformModel } from '../config/model';
import { OperatorClientVpn } from '../network/client-vpn';
import { PlatformVpc } from '../network/platform-vpc';
import { WorkloadSecurityGroup } from '../network/workload-security-group';
import { environmentRemovalPolicy } from '../security/removal-policy';
import { PlatformStack } from './platform-stack';

/** Lifecycle: the network, which outlives clusters. */
export class NetworkStack extends PlatformStack {
  readonly vpc: ec2.Vpc;
  /** Attached to every node; the data services admit only it. */
  readonly workloadSecurityGroup: ec2.SecurityGroup;
  /** Operator access (AWS Client VPN), while the environment has a network.clientVpn section. */
  readonly clientVpn?: OperatorClientVpn;

  constructor(scope: Construct, id: string, props: { model: PlatformModel }) {
    super(scope, id, { model: props.model, purpose: 'VPC, subnets, NAT, flow logs and VPC endpoints' });
    const network = new PlatformVpc(this, 'Network', {
      network: props.model.network,
      availabilityZones: props.model.availabilityZones,
      clusterName: props.model.cluster.name,
      removalPolicy: environmentRemovalPolicy(props.model.data.retain),
    });
    this.vpc = network.vpc;
    this.workloadSecurityGroup = new WorkloadSecurityGroup(this, 'Workloads', { vpc: this.vpc, clusterName: props.model.cluster.name }).securityGroup;
    const clientVpn = props.model.network.clientVpn;
    if (clientVpn) this.clientVpn = new OperatorClientVpn(this, 'OperatorVpn', { vpc: this.vpc, clientVpn, tags: props.model.tags });
  }
}
