/**
 * TLS at the public entry point: the certificate the ingress gateway serves on 443 for the
 * application's hosts, and the cert-manager issuers that sign it. A leaf of plain data: the
 * application's resolver fills it in, the `gateway-certificate` catalog entry turns it into
 * cert-manager objects in the gateway's namespace, and the application chart names its secret.
 *
 * Field names are cert-manager's at v1.21.1 (deploy/crds/cert-manager.io_{certificates,issuers,
 * clusterissuers}.yaml; the tests validate the objects against those schemas).
 */

/**
 * Who signs the gateway's certificate:
 * - `letsencrypt`: Let's Encrypt through ACME, DNS-01 in the environment's Route 53 zone;
 * - `letsencrypt-staging`: the same against Let's Encrypt's staging CA (untrusted; for trying the path without its rate limits);
 * - `private-ca`: a CA of the cluster's own (a self-signed root that cert-manager generates and
 *   keeps in the gateway's namespace), for environments whose clients trust that root, such as dev.
 */
export const TLS_ISSUERS = ['private-ca', 'letsencrypt', 'letsencrypt-staging'] as const;
export type TlsIssuer = (typeof TLS_ISSUERS)[number];

/** The issuer an environment gets when its file names none (dev's choice: no DNS, no rate limits). */
export const DEFAULT_TLS_ISSUER: TlsIssuer = 'private-ca';

/** ACME directories of Let's Encrypt, as cert-manager's ACME guide names them (cert-manager/website@776e5dba content/docs/configuration/acme/README.md). */
export const ACME_DIRECTORIES: Readonly<Record<Exclude<TlsIssuer, 'private-ca'>, string>> = {
  letsencrypt: 'https://acme-v02.api.letsencrypt.org/directory',
  'letsencrypt-staging': 'https://acme-staging-v02.api.letsencrypt.org/directory',
};

export const isAcme = (issuer: TlsIssuer): issuer is Exclude<TlsIssuer, 'private-ca'> => issuer !== 'private-ca';

/**
 * The namespace of the gateway pods. An Istio `Gateway` resolves `credentialName` in the namespace
 * of the proxy that serves it, not of the Gateway object (pilot/pkg/model/gateway.go at 1.30.3:
 * `credentials.ParseResourceName(rn, proxy.VerifiedIdentity.Namespace, ...)`), so the certificate's
 * Secret lives here.
 */
export const GATEWAY_TLS_NAMESPACE = 'istio-system';

/** The ClusterIssuer of an ACME environment (cluster-scoped: see `gatewayTlsObjects`). */
export const ACME_CLUSTER_ISSUER = 'public-gateway-acme';

export interface GatewayTls {
  readonly issuer: TlsIssuer;
  /** ACME account contact (optional at Let's Encrypt). */
  readonly email?: string;
  /** The hosts the gateway answers (the application's `hosts`; `*` where the file allows it). */
  readonly hosts: readonly string[];
  /** Names on the certificate: the hosts, or a name of the environment's own where the host is `*`. */
  readonly dnsNames: readonly string[];
  /** The Certificate object and its Secret (the Gateway's `credentialName`), in GATEWAY_TLS_NAMESPACE. */
  readonly certificateName: string;
  readonly credentialName: string;
  /** The Route 53 zone DNS-01 writes its TXT records into (ACME issuers only). */
  readonly route53ZoneId?: string;
  /** The cert-manager controller's workload identity role signs DNS-01 changes (ACME issuers only). */
  readonly dns01: boolean;
}

export interface GatewayTlsInput {
  readonly project: string;
  readonly envName: string;
  readonly issuer: TlsIssuer;
  readonly email?: string;
  readonly hosts: readonly string[];
  readonly route53ZoneId?: string;
}

export function resolveGatewayTls(input: GatewayTlsInput): GatewayTls {
  const base = `${input.project}-${input.envName}-public`;
  // `*` answers any Host; a certificate cannot carry it, so the private CA signs a name of the
  // environment under the reserved `.internal` domain instead (clients of `*` skip name checks).
  const named = input.hosts.filter((h) => h !== '*');
  const dnsNames = named.length > 0 ? named : [`${input.envName}.${input.project}.internal`];
  const acme = isAcme(input.issuer);
  return {
    issuer: input.issuer,
    email: acme ? input.email : undefined,
    hosts: input.hosts,
    dnsNames,
    certificateName: base,
    credentialName: `${base}-tls`,
    route53ZoneId: acme ? input.route53ZoneId : undefined,
    dns01: acme,
  };
}

type Obj = Record<string, unknown>;

const LABELS = { 'app.kubernetes.io/managed-by': 'eks-platform', 'app.kubernetes.io/part-of': 'public-gateway' };

/**
 * The cert-manager objects behind the gateway's certificate.
 *
 * ACME: a ClusterIssuer, because cert-manager lends the controller's ambient credentials (its
 * workload identity role) to ClusterIssuers only (`--issuer-ambient-credentials` defaults to false,
 * internal/apis/config/controller/v1alpha1/defaults.go at v1.21.1), so an Issuer a namespace editor
 * creates can never use the role. Its one solver is selected by the exact names of the
 * certificate: a Certificate elsewhere that names this issuer for any other name finds no solver.
 *
 * private CA: namespaced Issuers in the gateway's namespace only: a self-signed issuer signs the
 * root once, and a CA issuer holding that root signs the gateway's certificate (cert-manager's
 * "bootstrapping CA issuers" pattern), so clients trust one root across renewals.
 */
export function gatewayTlsObjects(tls: GatewayTls, region: string): Obj[] {
  const ns = GATEWAY_TLS_NAMESPACE;
  const meta = (name: string, namespaced = true) => ({ name, ...(namespaced ? { namespace: ns } : {}), labels: { ...LABELS } });
  const certificate = (issuerRef: Obj): Obj => ({
    apiVersion: 'cert-manager.io/v1',
    kind: 'Certificate',
    metadata: meta(tls.certificateName),
    spec: {
      secretName: tls.credentialName,
      secretTemplate: { labels: { ...LABELS } },
      dnsNames: [...tls.dnsNames],
      usages: ['server auth', 'digital signature'],
      privateKey: { algorithm: 'ECDSA', size: 256, rotationPolicy: 'Always' },
      issuerRef,
    },
  });

  if (isAcme(tls.issuer)) {
    if (!tls.route53ZoneId) throw new Error('an ACME issuer needs identity.route53ZoneId (validation should have refused the file)');
    return [
      {
        apiVersion: 'cert-manager.io/v1',
        kind: 'ClusterIssuer',
        metadata: meta(ACME_CLUSTER_ISSUER, false),
        spec: {
          acme: {
            server: ACME_DIRECTORIES[tls.issuer],
            ...(tls.email ? { email: tls.email } : {}),
            privateKeySecretRef: { name: `${ACME_CLUSTER_ISSUER}-account-key` },
            solvers: [
              {
                selector: { dnsNames: [...tls.dnsNames] },
                // Ambient credentials (the controller's role); the zone is named, so cert-manager never
                // looks zones up by name (the Route 53 guide's ListHostedZonesByName is not granted).
                dns01: { route53: { hostedZoneID: tls.route53ZoneId, region } },
              },
            ],
          },
        },
      },
      certificate({ group: 'cert-manager.io', kind: 'ClusterIssuer', name: ACME_CLUSTER_ISSUER }),
    ];
  }

  const root = `${tls.certificateName}-root`;
  return [
    { apiVersion: 'cert-manager.io/v1', kind: 'Issuer', metadata: meta(`${root}-selfsigned`), spec: { selfSigned: {} } },
    {
      apiVersion: 'cert-manager.io/v1',
      kind: 'Certificate',
      metadata: meta(root),
      spec: {
        isCA: true,
        commonName: `${tls.certificateName} root CA`,
        secretName: root,
        secretTemplate: { labels: { ...LABELS } },
        // Five years: clients import the root once; the gateway's own certificate renews as usual.
        duration: '43800h',
        renewBefore: '720h',
        privateKey: { algorithm: 'ECDSA', size: 256 },
        issuerRef: { group: 'cert-manager.io', kind: 'Issuer', name: `${root}-selfsigned` },
      },
    },
    { apiVersion: 'cert-manager.io/v1', kind: 'Issuer', metadata: meta(root), spec: { ca: { secretName: root } } },
    certificate({ group: 'cert-manager.io', kind: 'Issuer', name: root }),
  ];
}
