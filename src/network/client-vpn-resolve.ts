/**
 * Operator access as one environment configures it: the Client VPN endpoint's settings with
 * defaults filled (DNS from the VPC, zones from the environment) and the names of its pieces.
 */
import { nthAddress, parseCidr } from '../config/cidr';
import type { ClientVpnConfig } from './client-vpn-schema';

export type ClientVpnAuthentication =
  | { readonly kind: 'mutual-tls'; readonly clientRootCertificateChainArn: string }
  | {
      readonly kind: 'saml';
      readonly samlProviderArn: string;
      readonly selfServicePortal: boolean;
      readonly selfServiceSamlProviderArn?: string;
      /** IdP group the authorization rule admits; every authenticated user when absent. */
      readonly accessGroupId?: string;
    };

/** The endpoint, present while the environment enables it. */
export interface ClientVpnEndpointModel {
  readonly serverCertificateArn: string;
  readonly authentication: ClientVpnAuthentication;
  readonly clientCidr: string;
  readonly splitTunnel: boolean;
  readonly dnsServers: readonly string[];
  readonly transportProtocol: 'udp' | 'tcp';
  readonly vpnPort: 443 | 1194;
  readonly sessionTimeoutHours: 8 | 10 | 12 | 24;
  /** Zones whose private subnet the endpoint is associated with. */
  readonly zones: readonly string[];
  /** The only destination clients are authorized for: the VPC block. */
  readonly authorizedCidr: string;
  /** The endpoint's Name tag. */
  readonly name: string;
  readonly description: string;
}

/**
 * Present while the environment has a `network.clientVpn` section. The security group, log group
 * and key exist as long as the section does; the endpoint only while it is enabled, so turning it
 * off never deletes a group the cluster's control plane still admits, or a retained log group that
 * turning it on again would have to recreate.
 */
export interface ClientVpnModel {
  readonly securityGroupDescription: string;
  readonly logGroupName: string;
  readonly logRetentionDays: number;
  /** Keep the log group and its key when the stack or the section goes (`data.removalPolicy: retain`). */
  readonly retainLogs: boolean;
  readonly endpoint?: ClientVpnEndpointModel;
}

export interface ClientVpnContext {
  readonly project: string;
  readonly envName: string;
  readonly clusterName: string;
  readonly vpcCidr: string;
  readonly availabilityZones: readonly string[];
  readonly retain: boolean;
}

/** The VPC resolver: the VPC block's base address plus two. */
export function vpcResolver(vpcCidr: string): string {
  return nthAddress(parseCidr(vpcCidr)!, 2);
}

export function resolveClientVpn(config: ClientVpnConfig | undefined, ctx: ClientVpnContext): ClientVpnModel | undefined {
  if (!config) return undefined;
  const name = `${ctx.project}-${ctx.envName}`;
  const model: ClientVpnModel = {
    securityGroupDescription: `Operator Client VPN of ${name}: HTTPS into the VPC (the EKS API of ${ctx.clusterName} admits it)`,
    logGroupName: `/aws/clientvpn/${name}`,
    logRetentionDays: config.logRetentionDays,
    retainLogs: ctx.retain,
  };
  if (!config.enabled) return model;
  // Validation guarantees these while enabled (client-vpn-rules.ts).
  const authentication: ClientVpnAuthentication = config.mutualTls
    ? { kind: 'mutual-tls', clientRootCertificateChainArn: config.mutualTls.clientRootCertificateChainArn }
    : { kind: 'saml', ...config.saml! };
  return {
    ...model,
    endpoint: {
      serverCertificateArn: config.serverCertificateArn!,
      authentication,
      clientCidr: config.clientCidr!,
      splitTunnel: config.splitTunnel,
      dnsServers: config.dnsServers ?? [vpcResolver(ctx.vpcCidr)],
      transportProtocol: config.transportProtocol,
      vpnPort: config.vpnPort,
      sessionTimeoutHours: config.sessionTimeoutHours,
      zones: ctx.availabilityZones.slice(0, config.zones),
      authorizedCidr: ctx.vpcCidr,
      name: `${name}-operator-vpn`,
      description: `${name}: operator access to the private API endpoint of ${ctx.clusterName}`,
    },
  };
}
