/**
 * Checks of `network.clientVpn` against the rest of the file, run while the endpoint is enabled:
 * what it needs is present, one authentication method, certificates and the SAML provider in the
 * environment's own region and account, and a client block that collides with nothing the
 * clients must reach.
 */
import { contains, formatCidr, overlaps, parseCidr } from '../config/cidr';
import { obj, type Raw } from '../config/raw';
import { ACM_CERTIFICATE_ARN, SAML_PROVIDER_ARN } from './client-vpn-schema';

/** Structurally `ConfigProblem` (config/rules.ts), which registers this check; no import, so no cycle. */
interface Problem {
  readonly path: string;
  readonly message: string;
}

/** The schema's default services block, for files that leave `cluster.servicesCidr` out. */
const DEFAULT_SERVICES_CIDR = '172.20.0.0/16';

const PATH = 'network.clientVpn';
const FIX_DOC = 'see docs/operator-access.md';

export function clientVpnProblems(raw: Raw): Problem[] {
  const problems: Problem[] = [];
  const add = (field: string, message: string) => problems.push({ path: field ? `${PATH}.${field}` : PATH, message });
  const vpn = obj(obj(raw.network).clientVpn);
  if (vpn.enabled !== true) return problems;
  const region = typeof raw.region === 'string' ? raw.region : undefined;
  const account = typeof raw.account === 'string' ? raw.account : undefined;

  // An ACM certificate is usable only by an endpoint in its own region and account.
  const certificate = (field: string, arn: unknown) => {
    const m = typeof arn === 'string' ? ACM_CERTIFICATE_ARN.exec(arn) : null;
    if (!m) return; // the schema reports the format
    if (region && m[2] !== region) add(field, `the certificate is in ${m[2]}, but the endpoint is in ${region}; import it into ACM in ${region} and use that ARN (${FIX_DOC})`);
    if (account && m[3] !== account) add(field, `the certificate belongs to account ${m[3]}, not ${account}; import it into ACM in account ${account} and use that ARN`);
  };
  const samlProvider = (field: string, arn: unknown) => {
    const m = typeof arn === 'string' ? SAML_PROVIDER_ARN.exec(arn) : null;
    if (m && account && m[2] !== account) add(field, `the SAML provider belongs to account ${m[2]}, not ${account}; Client VPN uses an IAM SAML provider of its own account: create one there from your IdP's metadata`);
  };

  if (vpn.serverCertificateArn === undefined) {
    add('serverCertificateArn', `required while clientVpn.enabled is true: the ARN of the server certificate imported into ACM in ${region ?? 'the environment\'s region'} (${FIX_DOC})`);
  } else {
    certificate('serverCertificateArn', vpn.serverCertificateArn);
  }

  // Exactly one authentication method.
  const mutualTls = vpn.mutualTls === undefined ? undefined : obj(vpn.mutualTls);
  const saml = vpn.saml === undefined ? undefined : obj(vpn.saml);
  if (mutualTls && saml) {
    add('', 'both mutualTls and saml are set; choose one authentication method: mutualTls (client certificates) or saml (your identity provider)');
  } else if (!mutualTls && !saml) {
    add('', `no authentication method: set mutualTls.clientRootCertificateChainArn (client certificates) or saml.samlProviderArn (your identity provider) (${FIX_DOC})`);
  }
  if (mutualTls) certificate('mutualTls.clientRootCertificateChainArn', mutualTls.clientRootCertificateChainArn);
  if (saml) {
    samlProvider('saml.samlProviderArn', saml.samlProviderArn);
    samlProvider('saml.selfServiceSamlProviderArn', saml.selfServiceSamlProviderArn);
    if (saml.selfServiceSamlProviderArn !== undefined && saml.selfServicePortal !== true) {
      add('saml.selfServiceSamlProviderArn', 'a portal SAML provider is set but selfServicePortal is off; set saml.selfServicePortal: true or remove the provider');
    }
  }

  // The client block: clients must reach the VPC, and nothing they reach may look like a client.
  const vpc = typeof obj(raw.network).vpcCidr === 'string' ? parseCidr(obj(raw.network).vpcCidr) : undefined;
  const servicesText = obj(raw.cluster).servicesCidr ?? DEFAULT_SERVICES_CIDR;
  const services = typeof servicesText === 'string' ? parseCidr(servicesText) : undefined;
  if (vpn.clientCidr === undefined) {
    add('clientCidr', 'required while clientVpn.enabled is true: a /12 to /22 block outside the VPC and services blocks, e.g. 10.250.0.0/22');
  } else {
    const client = typeof vpn.clientCidr === 'string' ? parseCidr(vpn.clientCidr) : undefined;
    if (client && vpc && overlaps(client, vpc)) {
      add('clientCidr', `${formatCidr(client)} overlaps the VPC ${formatCidr(vpc)}; Client VPN refuses a client block that overlaps the VPC it serves: pick one outside it, e.g. 10.250.0.0/22`);
    }
    if (client && services && overlaps(client, services)) {
      add('clientCidr', `${formatCidr(client)} overlaps the services block ${formatCidr(services)}; one address would name both a VPN client and a Kubernetes Service, which makes routes and connection logs ambiguous: pick a block outside it`);
    }
  }

  // Split tunnel routes only the VPC through the tunnel, and the authorization rule admits only the
  // VPC, so a DNS server elsewhere would be unreachable for a connected client.
  const dns = Array.isArray(vpn.dnsServers) ? vpn.dnsServers : [];
  dns.forEach((ip, i) => {
    const host = typeof ip === 'string' ? parseCidr(`${ip}/32`) : undefined;
    if (host && vpc && !contains(vpc, host)) {
      add(`dnsServers[${i}]`, `${ip} is outside the VPC ${formatCidr(vpc)}, which is all a client may reach; use the VPC resolver (omit dnsServers) or a Route 53 Resolver inbound endpoint in the VPC`);
    }
  });
  return problems;
}
