import { CfnOutput, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { LogGroupKey } from '../security/log-group-key';
import type { ClientVpnEndpointModel, ClientVpnModel } from './client-vpn-resolve';

export interface OperatorClientVpnProps {
  readonly vpc: ec2.IVpc;
  readonly clientVpn: ClientVpnModel;
  /** The environment's tags: the endpoint takes tags only through its tag specifications. */
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * Operator access to the private API endpoint (SPEC section 2, reference 001): an AWS Client VPN
 * endpoint in the private subnets, split tunnel, clients authorized for the VPC block only,
 * connection logs in a KMS-encrypted log group, and a security group of its own that the
 * cluster's control plane admits on 443 (in the cluster stack, which may read this stack).
 */
export class OperatorClientVpn extends Construct {
  /** Carried by the endpoint's network interfaces: what the control plane admits. */
  readonly securityGroup: ec2.SecurityGroup;
  readonly logGroup: logs.LogGroup;
  readonly endpoint?: ec2.ClientVpnEndpoint;

  constructor(scope: Construct, id: string, props: OperatorClientVpnProps) {
    super(scope, id);
    const { clientVpn } = props;
    const removalPolicy = clientVpn.retainLogs ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: clientVpn.securityGroupDescription,
      // Client traffic leaves the endpoint's interfaces through this group: HTTPS into the VPC only.
      allowAllOutbound: false,
    });
    this.securityGroup.addEgressRule(ec2.Peer.ipv4(props.vpc.vpcCidrBlock), ec2.Port.tcp(443), 'HTTPS into the VPC: the EKS API and the VPC endpoints');

    const key = new LogGroupKey(this, 'LogKey', {
      description: `Encrypts the operator Client VPN connection log group ${clientVpn.logGroupName}`,
      logGroupNames: [clientVpn.logGroupName],
      removalPolicy,
    });
    this.logGroup = new logs.LogGroup(this, 'ConnectionLogs', {
      logGroupName: clientVpn.logGroupName,
      retention: clientVpn.logRetentionDays as logs.RetentionDays,
      encryptionKey: key,
      removalPolicy,
    });

    if (clientVpn.endpoint) this.endpoint = this.createEndpoint(props.vpc, clientVpn.endpoint, props.tags);
  }

  private createEndpoint(vpc: ec2.IVpc, model: ClientVpnEndpointModel, tags: Readonly<Record<string, string>>): ec2.ClientVpnEndpoint {
    const auth = model.authentication;
    // DNS answers come back over UDP or TCP 53; the VPC resolver ignores security groups, a
    // Route 53 Resolver inbound endpoint does not, so every DNS server gets its rules.
    for (const ip of model.dnsServers) {
      this.securityGroup.addEgressRule(ec2.Peer.ipv4(`${ip}/32`), ec2.Port.udp(53), `DNS to ${ip}`);
      this.securityGroup.addEgressRule(ec2.Peer.ipv4(`${ip}/32`), ec2.Port.tcp(53), `DNS to ${ip} (large answers)`);
    }
    const provider = (name: string, arn: string) => iam.SamlProvider.fromSamlProviderArn(this, name, arn);
    const endpoint = new ec2.ClientVpnEndpoint(this, 'Endpoint', {
      vpc,
      description: model.description,
      cidr: model.clientCidr,
      serverCertificateArn: model.serverCertificateArn,
      clientCertificateArn: auth.kind === 'mutual-tls' ? auth.clientRootCertificateChainArn : undefined,
      userBasedAuthentication:
        auth.kind === 'saml'
          ? ec2.ClientVpnUserBasedAuthentication.federated(
              provider('SamlProvider', auth.samlProviderArn),
              auth.selfServiceSamlProviderArn ? provider('SelfServiceSamlProvider', auth.selfServiceSamlProviderArn) : undefined,
            )
          : undefined,
      selfServicePortal: auth.kind === 'saml' && auth.selfServicePortal,
      splitTunnel: model.splitTunnel,
      dnsServers: [...model.dnsServers],
      transportProtocol: model.transportProtocol === 'tcp' ? ec2.TransportProtocol.TCP : ec2.TransportProtocol.UDP,
      port: model.vpnPort === 1194 ? ec2.VpnPort.OPENVPN : ec2.VpnPort.HTTPS,
      sessionTimeout: model.sessionTimeoutHours as ec2.ClientVpnSessionTimeout,
      securityGroups: [this.securityGroup],
      logging: true,
      logGroup: this.logGroup,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, availabilityZones: [...model.zones] },
      // The one rule is ours: the VPC block, for the IdP group when one is named.
      authorizeAllUsersToVpcCidr: false,
    });
    endpoint.addAuthorizationRule('Vpc', {
      cidr: model.authorizedCidr,
      groupId: auth.kind === 'saml' ? auth.accessGroupId : undefined,
      description: auth.kind === 'saml' && auth.accessGroupId ? `The VPC, for IdP group ${auth.accessGroupId}` : 'The VPC, for every authenticated operator',
    });
    // Tags.of() does not reach AWS::EC2::ClientVpnEndpoint (it is not taggable in CDK's sense).
    const cfn = endpoint.node.defaultChild as ec2.CfnClientVpnEndpoint;
    cfn.tagSpecifications = [
      {
        resourceType: 'client-vpn-endpoint',
        tags: Object.entries({ Name: model.name, ...tags }).map(([key, value]) => ({ key, value })),
      },
    ];
    // The service writes into an existing group with our key and retention.
    endpoint.node.addDependency(this.logGroup);

    const stack = Stack.of(this);
    new CfnOutput(stack, 'ClientVpnEndpointId', { value: endpoint.endpointId, description: 'Operator Client VPN endpoint' });
    new CfnOutput(stack, 'ClientVpnConfigurationCommand', {
      value: `aws ec2 export-client-vpn-client-configuration --region ${stack.region} --client-vpn-endpoint-id ${endpoint.endpointId} --output text`,
      description: 'Writes the OpenVPN profile operators import into the AWS VPN client',
    });
    return endpoint;
  }
}
