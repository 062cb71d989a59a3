/**
 * Operator access (the optional Client VPN endpoint): docs/operator-access.md and the main job's
 * summary line. The per-environment table comes from the models; the procedure is prose.
 */
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import type { PlatformModel } from '../config/model';
import { CLIENT_CIDR_PREFIX } from '../network/client-vpn-schema';
import type { ClientVpnEndpointModel } from '../network/client-vpn-resolve';
import { resourcesAcross } from './assembly';
import { GENERATED } from './docs';

function authLabel(endpoint: ClientVpnEndpointModel): string {
  const auth = endpoint.authentication;
  if (auth.kind === 'mutual-tls') return 'mutual TLS';
  return `SAML${auth.accessGroupId ? `, group \`${auth.accessGroupId}\`` : ''}${auth.selfServicePortal ? ', self-service portal' : ''}`;
}

function environmentRow(model: PlatformModel): string {
  const vpn = model.network.clientVpn;
  const e = vpn?.endpoint;
  if (!vpn) return `| ${model.envName} | off (no \`network.clientVpn\`) | | | | | |`;
  if (!e) return `| ${model.envName} | off (\`enabled: false\`; security group, key and ${vpn.logGroupName} kept) | | | | | |`;
  return (
    `| ${model.envName} | on: ${authLabel(e)} | ${e.clientCidr} | ${e.authorizedCidr} | ${e.dnsServers.join(', ')} | ` +
    `${e.transportProtocol.toUpperCase()} ${e.vpnPort}, ${e.splitTunnel ? 'split tunnel' : 'full tunnel'}, ${e.sessionTimeoutHours} h sessions, ${e.zones.join(', ')} | ` +
    `${vpn.logGroupName}, ${vpn.logRetentionDays} days |`
  );
}

/** The summary's line for the network section, read from the synthesized endpoint. */
export function operatorAccessSummary(assembly: CloudAssembly, model: PlatformModel): string {
  const endpoint = resourcesAcross(assembly, 'AWS::EC2::ClientVpnEndpoint')[0]?.Properties;
  const vpn = model.network.clientVpn;
  if (!endpoint || !vpn) return `  Operator VPN: off${vpn ? ' (enabled: false)' : ''} (network.clientVpn, docs/operator-access.md)`;
  const auth = (endpoint.AuthenticationOptions ?? []).map((o: { Type: string }) => o.Type).join(', ');
  const associations = resourcesAcross(assembly, 'AWS::EC2::ClientVpnTargetNetworkAssociation').length;
  const rule = resourcesAcross(assembly, 'AWS::EC2::ClientVpnAuthorizationRule')[0]?.Properties ?? {};
  return (
    `  Operator VPN: Client VPN (${auth}), clients ${endpoint.ClientCidrBlock}, ${endpoint.SplitTunnel ? 'split tunnel' : 'full tunnel'}, ` +
    `DNS ${(endpoint.DnsServers ?? []).join(', ')}, ${String(endpoint.TransportProtocol).toUpperCase()} ${endpoint.VpnPort}, ${associations} zones, ` +
    `authorized for ${rule.TargetNetworkCidr}${rule.AccessGroupId ? ` (group ${rule.AccessGroupId})` : ''}; logs ${vpn.logGroupName} (${vpn.logRetentionDays} days, KMS); ` +
    'the control plane admits its security group on 443'
  );
}

export function operatorAccessDoc(models: readonly PlatformModel[]): string {
  const example = models.find((m) => m.envName === 'prod') ?? models[0];
  const name = `${example.project}-${example.envName}`;
  const { region, account } = example;
  return [
    '# Operator access: the Client VPN endpoint',
    '',
    GENERATED,
    '',
    'The API endpoint of every cluster is private (SPEC section 3): only addresses inside the VPC reach it.',
    'Operators reach it through an optional AWS Client VPN endpoint in the network stack (SPEC section 2;',
    'reference 001: "connecting to an EKS cluster requires a VPN connection"). It is **off by default** in',
    'both shipped environments; an environment turns it on with a `network.clientVpn` section',
    '([configuration.md](configuration.md)). The VPN is a network path only: what an operator may do in the',
    'cluster is still decided by the EKS access entries of `cluster.access`.',
    '',
    '| environment | endpoint | client block | authorized | DNS | transport, zones | connection logs |',
    '|---|---|---|---|---|---|---|',
    ...models.map(environmentRow),
    '',
    '## What gets built',
    '',
    '- **Network stack**: an `AWS::EC2::ClientVpnEndpoint` with split tunnel (only the VPC block goes through',
    '  the tunnel), associated with the private subnets of the first `zones` zones; one authorization rule,',
    '  for the VPC block only (never `0.0.0.0/0`), limited to `saml.accessGroupId` when it is set; the VPC',
    '  resolver (VPC base + 2) as DNS server, which answers for the private API endpoint; sessions of',
    '  `sessionTimeoutHours` (8 by default, AWS\'s default is 24). Its own security group sends only HTTPS into',
    '  the VPC and DNS to its DNS servers; it has no inbound rules (client traffic reaches the VPC through it,',
    '  not into it). Connection logs go to `/aws/clientvpn/<project>-<env>`, encrypted with a rotating KMS key',
    '  that CloudWatch Logs may use for that group only, with `logRetentionDays`; group and key follow',
    '  `data.removalPolicy` like the other log groups (`retain` keeps them when the stack goes).',
    '- **Cluster stack**: one `AWS::EC2::SecurityGroupIngress` on the control plane\'s security group: TCP 443',
    '  from the VPN\'s group. aws-eks-v2 gives a cluster two groups: the one EKS creates (`clusterSecurityGroup`,',
    '  also carried by every managed node) and the additional one it passes in `ResourcesVpcConfig`, which',
    '  EKS puts on the control-plane network interfaces only. The rule goes on the second, so operators reach',
    '  the API server and not port 443 of the nodes. The cluster stack reads the group id from the network',
    '  stack (a weak `Fn::GetStackOutput` reference); the network stack never reads the cluster stack.',
    '- **Outputs** of the network stack: `ClientVpnEndpointId`, `ClientVpnConfigurationCommand` (exports the',
    '  client profile) and, with SAML and the self-service portal, the portal URL.',
    '',
    'A connected operator reaches TCP 443 inside the VPC: the API server and the VPC interface endpoints (so',
    '`aws eks update-kubeconfig` works without internet access to AWS). Nothing else: the data services admit',
    'only the workload security group, and the VPN group sends nothing but HTTPS and DNS.',
    '',
    '## Turning it on',
    '',
    'Certificates are a manual step: their private keys must never pass through CloudFormation or this',
    'repository. Client VPN accepts RSA keys of 1024 or 2048 bits only, and client certificates need a',
    'common name. The commands below use easy-rsa v3.2.6 (checked against `easyrsa3/easyrsa` at that tag:',
    'RSA 2048 is its default, certificates last 825 days, global options come before the command).',
    '',
    '### Mutual TLS (client certificates)',
    '',
    'On an offline or otherwise trusted machine (keep `pki/` there, or in your secret store):',
    '',
    '```sh',
    'git clone --branch v3.2.6 --depth 1 https://github.com/OpenVPN/easy-rsa.git',
    'cd easy-rsa/easyrsa3',
    './easyrsa init-pki',
    `./easyrsa --req-cn="${name} operator VPN CA" build-ca            # asks for a passphrase for the CA key`,
    `./easyrsa --batch --san=DNS:vpn.${name}.internal build-server-full vpn.${name}.internal nopass`,
    `./easyrsa --batch build-client-full alice.${name} nopass   # one per operator: revocable one by one`,
    '',
    `aws acm import-certificate --region ${region} \\`,
    `  --certificate fileb://pki/issued/vpn.${name}.internal.crt \\`,
    `  --private-key fileb://pki/private/vpn.${name}.internal.key \\`,
    '  --certificate-chain fileb://pki/ca.crt \\',
    `  --tags Key=project,Value=${example.project} Key=environment,Value=${example.envName} \\`,
    '  --query CertificateArn --output text',
    '```',
    '',
    'The printed ARN is `serverCertificateArn`. When one CA signs server and client certificates (as above),',
    'it is also `mutualTls.clientRootCertificateChainArn`. Only if client certificates come from another CA,',
    'import one client certificate of that CA with the CA as its chain (`--certificate fileb://<client>.crt',
    '--private-key fileb://<client>.key --certificate-chain fileb://<client-ca>.crt`) and use that ARN; never',
    'import a CA\'s private key.',
    '',
    '### SAML (your identity provider)',
    '',
    'Create a SAML application in the IdP with the assertion consumer service URL `http://127.0.0.1:35001`',
    'and audience `urn:amazon:webservices:clientvpn`, sending `NameID` (e-mail), `FirstName`, `LastName` and',
    '`memberOf` (the groups; `saml.accessGroupId` must be one of these values). For the self-service portal,',
    'a second application with the URL `https://self-service.clientvpn.amazonaws.com/api/auth/sso/saml`.',
    'Download each application\'s metadata and create the IAM providers in the environment\'s account:',
    '',
    '```sh',
    `aws iam create-saml-provider --name ${name}-client-vpn --saml-metadata-document file://client-vpn-metadata.xml \\`,
    '  --query SAMLProviderArn --output text',
    `aws iam create-saml-provider --name ${name}-client-vpn-portal --saml-metadata-document file://portal-metadata.xml \\`,
    '  --query SAMLProviderArn --output text',
    '```',
    '',
    'The server certificate is still required with SAML (the endpoint presents it): import one as above.',
    '',
    '### The environment file',
    '',
    '```json',
    JSON.stringify(
      {
        network: {
          clientVpn: {
            enabled: true,
            serverCertificateArn: `arn:aws:acm:${region}:${account}:certificate/<id>`,
            mutualTls: { clientRootCertificateChainArn: `arn:aws:acm:${region}:${account}:certificate/<id>` },
            clientCidr: '10.250.0.0/22',
          },
        },
      },
      null,
      2,
    ),
    '```',
    '',
    'or, instead of `mutualTls`:',
    '`"saml": { "samlProviderArn": "arn:aws:iam::<account>:saml-provider/<name>", "accessGroupId": "platform-operators" }`.',
    `Validation refuses an enabled section without a server certificate or client block, with both or neither`,
    `authentication method, with a certificate of another region or account (or a SAML provider of another`,
    `account), with a client block that is not /${CLIENT_CIDR_PREFIX.largest} to /${CLIENT_CIDR_PREFIX.smallest} or overlaps the VPC or the services block, and with a DNS server outside the`,
    'VPC (split tunnel and the authorization rule cover the VPC only). Half of the client block is usable',
    'by clients: a /22 serves about 500 concurrent operators.',
    '',
    'Deploy with `npx cdk deploy --all -c env=<env>`: the network stack creates the endpoint, then the cluster',
    'stack admits its group. Associating subnets takes several minutes.',
    '',
    '### Connecting',
    '',
    '```sh',
    `aws ec2 export-client-vpn-client-configuration --region ${region} --client-vpn-endpoint-id <ClientVpnEndpointId> \\`,
    `  --output text > ${name}.ovpn`,
    `# mutual TLS only: add the operator's certificate and key to the profile`,
    `{ echo '<cert>'; openssl x509 -in pki/issued/alice.${name}.crt; echo '</cert>'; \\`,
    `  echo '<key>'; cat pki/private/alice.${name}.key; echo '</key>'; } >> ${name}.ovpn`,
    '```',
    '',
    'Import the profile into the AWS provided client (required for SAML) or any OpenVPN client, connect, then:',
    '',
    '```sh',
    `aws eks update-kubeconfig --region ${region} --name ${example.cluster.name}`,
    'kubectl get nodes',
    '```',
    '',
    'If `kubectl` times out, check that the API host name resolves to private addresses of the VPC',
    '(`nslookup <endpoint host>`: the VPC resolver answers only through the tunnel) and that the',
    'profile\'s routes include the VPC block.',
    '',
    '## Operating it',
    '',
    '- **Revoking an operator** (mutual TLS): `./easyrsa revoke-issued alice.<env>`, `./easyrsa gen-crl`, then',
    `  \`aws ec2 import-client-vpn-client-certificate-revocation-list --region ${region} --client-vpn-endpoint-id <id>`,
    '  --certificate-revocation-list file://pki/crl.pem`. The list lives on the endpoint, outside',
    '  CloudFormation: import it again whenever the endpoint is replaced. With SAML, remove the user from the',
    '  IdP application or group.',
    '- **Renewing certificates**: imported certificates do not renew in ACM. Re-import the new certificate',
    '  with `--certificate-arn <existing ARN>` so the ARN (and the environment file) stay the same; Client VPN',
    '  picks it up within 24 hours.',
    '- **Changes that replace the endpoint**: `clientCidr`, the authentication settings and',
    '  `transportProtocol` cannot be modified in place (ModifyClientVpnEndpoint has no such parameters), so',
    '  CloudFormation replaces the endpoint: its id and host name change, every operator needs a new profile,',
    '  and a revocation list must be imported again. Changing `dnsServers` resets connected sessions.',
    '- **Cost**: Client VPN bills each subnet association and each connected client by the hour. `zones: 1`',
    '  cuts the association cost to a third at the price of depending on one zone; `enabled: false` stops it.',
    '',
    '## Turning it off',
    '',
    'Set `enabled: false` and deploy (`--all`): the network stack deletes the endpoint, the cluster stack then',
    'drops its ingress rule. The security group, key and log group stay while the section exists: the',
    'control plane\'s rule still names the group until the cluster stack is updated (a group that another',
    'group references cannot be deleted), and a retained, named log group would block turning it on again.',
    'To remove everything, delete the section afterwards and deploy again. Where `data.removalPolicy` is',
    '`retain`, the log group and key then stay in the account: delete them by hand before adding the section',
    'again, or CloudFormation cannot create a log group of the same name.',
    '',
    '## Assumptions a first deployment should watch',
    '',
    '- Client VPN creates its service-linked role `AWSServiceRoleForClientVPN` on the first endpoint of an',
    '  account; the deploying role needs `iam:CreateServiceLinkedRole` for `clientvpn.amazonaws.com` then.',
    '- The VPC resolver is not filtered by security groups; the DNS rules of the VPN group matter only for',
    '  DNS servers that are network interfaces (a Route 53 Resolver inbound endpoint).',
    '- The ACM certificates and SAML providers are checked for format, region and account offline; that they',
    '  exist, hold RSA 2048 (or 1024) keys and are not expired is known only at deploy time.',
    '',
  ].join('\n');
}
