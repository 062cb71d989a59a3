/**
 * The `network.clientVpn` section of the environment file: an AWS Client VPN endpoint through
 * which operators reach the private EKS API endpoint (SPEC section 2, reference 001).
 * Field checks live here; checks against other sections (region, account, VPC and services
 * blocks) in `client-vpn-rules.ts`, because they run on whatever parts of the file are readable.
 */
import { z } from 'zod';
import { contains, parseCidr } from '../config/cidr';

/** An ACM certificate ARN; groups: partition suffix, region, account. */
export const ACM_CERTIFICATE_ARN = /^arn:aws(-cn|-us-gov)?:acm:([a-z0-9-]+):(\d{12}):certificate\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** An IAM SAML identity provider ARN (IAM's CreateSAMLProvider name rule); groups: partition suffix, account. */
export const SAML_PROVIDER_ARN = /^arn:aws(-cn|-us-gov)?:iam::(\d{12}):saml-provider\/[\w.-]{1,128}$/;

/** Client VPN's limits on the client block: "at least /22 and not greater than /12" (AWS Client VPN rules and best practices). */
export const CLIENT_CIDR_PREFIX = { largest: 12, smallest: 22 } as const;

/** Where client addresses may come from: private space (RFC 1918) or shared address space (RFC 6598), never public addresses. */
const CLIENT_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10'].map((c) => parseCidr(c)!);

const certificateArn = (what: string) =>
  z.string().regex(ACM_CERTIFICATE_ARN, `${what} must be an ACM certificate ARN such as arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d`);

const samlProviderArn = z
  .string()
  .regex(SAML_PROVIDER_ARN, 'must be an IAM SAML identity provider ARN such as arn:aws:iam::123456789012:saml-provider/client-vpn');

const clientCidr = z.string().superRefine((v, ctx) => {
  const block = parseCidr(v);
  if (!block) {
    ctx.addIssue({ code: 'custom', message: 'clientCidr must be an IPv4 CIDR block with no host bits set, such as 10.250.0.0/22' });
  } else if (block.prefix < CLIENT_CIDR_PREFIX.largest || block.prefix > CLIENT_CIDR_PREFIX.smallest) {
    ctx.addIssue({
      code: 'custom',
      message: `Client VPN takes a client block from /${CLIENT_CIDR_PREFIX.largest} to /${CLIENT_CIDR_PREFIX.smallest} (got /${block.prefix}); e.g. 10.250.0.0/22 (half of it is usable by clients)`,
    });
  } else if (!CLIENT_RANGES.some((r) => contains(r, block))) {
    ctx.addIssue({ code: 'custom', message: `${v} is public address space; use a block inside 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 or 100.64.0.0/10` });
  }
});

/**
 * The section's schema. `retention` is the environment schema's CloudWatch Logs retention type,
 * passed in so this file does not import the schema that imports it.
 */
export function clientVpnSchema(retention: z.ZodType<number>) {
  return z
    .strictObject({
      enabled: z
        .boolean()
        .describe(
          'Run the endpoint. false removes the endpoint (and its hourly cost) but keeps its security group, key and log group, so it can be turned on again; remove the section after that to delete them.',
        ),
      serverCertificateArn: certificateArn('serverCertificateArn')
        .optional()
        .describe('Required while enabled: ACM certificate the endpoint presents to clients (both authentication kinds), in the environment\'s region and account.'),
      mutualTls: z
        .strictObject({
          clientRootCertificateChainArn: certificateArn('clientRootCertificateChainArn').describe(
            'ACM certificate of the CA that signs client certificates (the server certificate\'s ARN when one CA signs both), in the environment\'s region and account.',
          ),
        })
        .optional()
        .describe('Mutual TLS: each operator holds a client certificate signed by this CA. Exactly one of mutualTls and saml.'),
      saml: z
        .strictObject({
          samlProviderArn: samlProviderArn.describe('IAM SAML identity provider (from your IdP\'s metadata) in the environment\'s account.'),
          selfServicePortal: z.boolean().default(false).describe('Let users download the client configuration from the Client VPN self-service portal after signing in.'),
          selfServiceSamlProviderArn: samlProviderArn
            .optional()
            .describe('A second IAM SAML provider for the portal (its IdP application uses the portal\'s callback URL); needs selfServicePortal.'),
          accessGroupId: z
            .string()
            .min(1)
            .max(255)
            .optional()
            .describe('IdP group (SAML memberOf value) the authorization rule admits; without it every authenticated user of the IdP application is admitted.'),
        })
        .optional()
        .describe('SAML 2.0 federation with your identity provider. Exactly one of mutualTls and saml.'),
      clientCidr: clientCidr
        .optional()
        .describe('Required while enabled: block client addresses come from, /12 to /22, outside the VPC and services blocks; it cannot change without replacing the endpoint.'),
      splitTunnel: z.boolean().default(true).describe('Only traffic to the VPC goes through the tunnel; operators keep their own internet path.'),
      dnsServers: z
        .array(z.string().refine((v) => parseCidr(`${v}/32`) !== undefined, { message: 'a DNS server is an IPv4 address such as 10.0.0.2' }))
        .min(1)
        .max(2, 'Client VPN pushes at most two DNS servers')
        .optional()
        .describe('DNS servers pushed to clients, inside the VPC; default the VPC resolver (VPC base + 2), which resolves the private API endpoint.'),
      transportProtocol: z.enum(['udp', 'tcp']).default('udp').describe('udp is faster; tcp passes networks that block UDP.'),
      vpnPort: z.union([z.literal(443), z.literal(1194)], { message: 'vpnPort is 443 or 1194 (the ports Client VPN offers)' }).default(443).describe('Port clients connect to.'),
      sessionTimeoutHours: z
        .union([z.literal(8), z.literal(10), z.literal(12), z.literal(24)], { message: 'sessionTimeoutHours is 8, 10, 12 or 24 (the durations Client VPN offers)' })
        .default(8)
        .describe('Longest session before the client must authenticate again.'),
      zones: z
        .number()
        .int()
        .min(1)
        .max(3)
        .default(3)
        .describe('Private subnets (first N zones) the endpoint is associated with: each association is billed hourly; fewer zones cost less and survive fewer zone outages.'),
      logRetentionDays: retention.default(90).describe('Days the connection log group keeps records.'),
    })
    .describe('Operator access to the private API endpoint through an AWS Client VPN endpoint (SPEC section 2); absent means off. docs/operator-access.md.');
}

export type ClientVpnConfig = z.output<ReturnType<typeof clientVpnSchema>>;
