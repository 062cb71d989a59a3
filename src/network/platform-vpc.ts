import { Stack, Tags, type RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { PlatformModel } from '../config/model';
import { LogGroupKey } from '../security/log-group-key';
import { CustomerManagedPolicy } from '../security/managed-policy';

export interface PlatformVpcProps {
  readonly network: PlatformModel['network'];
  readonly availabilityZones: readonly string[];
  /** Cluster name, for the Karpenter discovery tag on the node subnets. */
  readonly clusterName: string;
  /** The environment's removal policy for the flow log group and its key. */
  readonly removalPolicy: RemovalPolicy;
}

/**
 * Hands the VPC the subnet blocks the model planned, instead of letting the VPC pick its own,
 * so that the model, the docs and the template agree on every address.
 */
class PlannedIpAddresses implements ec2.IIpAddresses {
  constructor(
    private readonly vpcCidr: string,
    private readonly blocks: Record<string, string[]>,
  ) {}
  allocateVpcCidr(): ec2.VpcIpamOptions {
    return { cidrBlock: this.vpcCidr };
  }
  allocateSubnetsCidr(input: ec2.AllocateCidrRequest): ec2.SubnetIpamOptions {
    const next: Record<string, number> = {};
    return {
      allocatedSubnets: input.requestedSubnets.map((s) => {
        const name = s.configuration.name;
        const i = (next[name] = (next[name] ?? -1) + 1);
        return { cidr: this.blocks[name][i] };
      }),
    };
  }
}

/**
 * The platform network (SPEC section 2): a VPC over three zones with public subnets for load
 * balancers and NAT, private subnets for nodes, pods and data services, flow logs, and the VPC
 * endpoints a private cluster needs.
 */
export class PlatformVpc extends Construct {
  readonly vpc: ec2.Vpc;
  readonly flowLogGroup: logs.LogGroup;
  readonly endpointSecurityGroup: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, props: PlatformVpcProps) {
    super(scope, id);
    const { network } = props;
    const privateMask = Number(network.subnets[0].privateCidr.split('/')[1]);
    const publicMask = Number(network.subnets[0].publicCidr.split('/')[1]);

    this.vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: new PlannedIpAddresses(network.vpcCidr, {
        private: network.subnets.map((s) => s.privateCidr),
        public: network.subnets.map((s) => s.publicCidr),
      }),
      availabilityZones: [...props.availabilityZones],
      natGateways: network.natGateways,
      enableDnsHostnames: true,
      enableDnsSupport: true,
      subnetConfiguration: [
        { name: 'private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: privateMask },
        // Nothing but NAT gateways and load balancers lives here, so no public IPs on launch.
        { name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: publicMask, mapPublicIpOnLaunch: false },
      ],
    });

    // Load balancer discovery (SPEC section 2) and Karpenter discovery of node subnets.
    for (const subnet of this.vpc.publicSubnets) Tags.of(subnet).add('kubernetes.io/role/elb', '1');
    for (const subnet of this.vpc.privateSubnets) {
      Tags.of(subnet).add('kubernetes.io/role/internal-elb', '1');
      Tags.of(subnet).add('karpenter.sh/discovery', props.clusterName);
    }

    this.flowLogGroup = this.flowLogs(network.flowLogs, props.removalPolicy);
    this.endpointSecurityGroup = this.endpoints(network.endpoints, network.vpcCidr);
  }

  private flowLogs(settings: PlatformModel['network']['flowLogs'], removalPolicy: RemovalPolicy): logs.LogGroup {
    const key = new LogGroupKey(this, 'FlowLogKey', {
      description: 'Encrypts the VPC flow log group',
      logGroupNames: [settings.logGroupName],
      removalPolicy,
    });
    const group = new logs.LogGroup(this, 'FlowLogGroup', {
      logGroupName: settings.logGroupName,
      retention: settings.retentionDays as logs.RetentionDays,
      encryptionKey: key,
      removalPolicy,
    });
    // The delivery role's permissions in a customer managed policy (versioned by IAM); the role is
    // handed to the flow log as immutable, so aws-cdk-lib adds no inline policy of its own.
    const role = new iam.Role(this, 'FlowLogRole', {
      // Only for this account's flow logs (the confused-deputy condition AWS documents for the service).
      assumedBy: new iam.ServicePrincipal('vpc-flow-logs.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } } }),
      description: `VPC flow logs deliver to ${settings.logGroupName}`,
    });
    const policy = new CustomerManagedPolicy(this, 'FlowLogPolicy', {
      managedPolicyName: `${Stack.of(this).stackName}-flow-logs`,
      description: `VPC flow logs deliver to ${settings.logGroupName}`,
      roles: [role],
      statements: [
        new iam.PolicyStatement({ sid: 'DeliverFlowLogs', actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'], resources: [group.logGroupArn] }),
      ],
    });
    const flowLog = this.vpc.addFlowLog('FlowLog', {
      destination: ec2.FlowLogDestination.toCloudWatchLogs(group, role.withoutPolicyUpdates()),
      trafficType: ec2.FlowLogTrafficType[settings.trafficType],
    });
    flowLog.node.addDependency(policy);
    return group;
  }

  private endpoints(names: readonly string[], vpcCidr: string): ec2.SecurityGroup {
    const sg = new ec2.SecurityGroup(this, 'EndpointSecurityGroup', {
      vpc: this.vpc,
      description: 'HTTPS from inside the VPC to the AWS service endpoints',
      allowAllOutbound: false,
    });
    sg.addIngressRule(ec2.Peer.ipv4(vpcCidr), ec2.Port.tcp(443), 'HTTPS from the VPC');
    const privateSubnets = { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS };
    for (const name of names) {
      const id = `${name.replace(/[^a-zA-Z0-9]/g, '-')}-endpoint`;
      if (name === 's3') {
        // Gateway endpoint: free, and keeps ECR image layers (served from S3) off the NAT.
        this.vpc.addGatewayEndpoint(id, { service: ec2.GatewayVpcEndpointAwsService.S3, subnets: [privateSubnets] });
      } else {
        this.vpc.addInterfaceEndpoint(id, {
          service: new ec2.InterfaceVpcEndpointAwsService(name),
          subnets: privateSubnets,
          securityGroups: [sg],
          privateDnsEnabled: true,
          open: false,
        });
      }
    }
    return sg;
  }
}
