/**
 * Checks of the public entry point: the hosts and who signs their certificate (application.hosts,
 * application.tls), and the public routes against each other. Routes match on a segment boundary
 * (charts/application/templates/public-routes.yaml: exact `/api` or prefix `/api/`), so a route
 * shadows another exactly when the other's path is the same or lies under it.
 */
import { DEFAULT_TLS_ISSUER, TLS_ISSUERS, isAcme, type TlsIssuer } from '../charts/gateway-tls';
import { ECHO_PATH } from '../charts/catalog/echo-server';
import { isInvalid, obj, type Raw } from '../config/raw';
import type { ConfigProblem } from '../config/problem';

/** A public route of the file, as the rules see it: the field that sets it and where it goes. */
export interface PublicRoute {
  readonly path: string;
  readonly field: string;
  readonly target: string;
}

/** Whether a request for `path` can reach the route of `prefix` (segment-boundary matching). */
export function routeCaptures(prefix: string, path: string): boolean {
  return path === prefix || path.startsWith(`${prefix}/`);
}

/**
 * Routes that shadow each other: one path equal to or under another's. Istio merges the routes of
 * every VirtualService bound to the gateway for a host into one list whose order across
 * VirtualServices nobody sets, so the longer path may never be reached. Each pair is reported on
 * the field of the route that would be shadowed (the later, for equal paths).
 */
export function routeShadowProblems(routes: readonly PublicRoute[]): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  routes.forEach((b, j) => {
    const a = routes.find((r, i) => i !== j && (r.path === b.path ? i < j : routeCaptures(r.path, b.path)));
    if (!a) return;
    const message =
      a.path === b.path
        ? `${b.path} is already routed to ${a.target} (${a.field}); give each public route its own path`
        : `${b.path} lies under ${a.path}, which routes to ${a.target} (${a.field}), so requests for ${b.path} may reach ${a.target}; ` +
          `give ${b.target} a path outside ${a.path} (such as /${b.path.split('/').pop()}), or route both through ${a.target}`;
    problems.push({ path: b.field, message });
  });
  return problems;
}

/** The file's public routes: the services' (validated by the caller) and the echo server's while it runs. */
export function publicRoutes(services: ReadonlyArray<{ name: string; path: string }>, echoServer: boolean): PublicRoute[] {
  return [
    ...services.map((s) => ({ path: s.path, field: `application.services.${s.name}.public.path`, target: s.name })),
    ...(echoServer ? [{ path: ECHO_PATH, field: 'charts.echo-server', target: 'the echo server' }] : []),
  ];
}

/**
 * Hosts and issuer. A host `*` answers any name and cannot be on a certificate: allowed only where
 * data is not retained and the certificate comes from the cluster's private CA (dev). An ACME
 * issuer proves each name by DNS-01 in the environment's hosted zone, so it needs that zone and
 * names in it; an environment that retains its data says which issuer it trusts.
 */
export function gatewayTlsProblems(raw: Raw): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const add = (path: string, message: string) => problems.push({ path, message });
  const app = obj(raw.application);
  const tls = obj(app.tls);
  const retain = obj(raw.data).removalPolicy === 'retain';
  const issuerField = tls.issuer;
  if (isInvalid(app.tls) || isInvalid(issuerField)) return problems;
  const issuer: TlsIssuer | undefined = issuerField === undefined ? DEFAULT_TLS_ISSUER : (TLS_ISSUERS as readonly unknown[]).includes(issuerField) ? (issuerField as TlsIssuer) : undefined;
  if (!issuer) return problems;

  if (retain && issuerField === undefined) {
    add(
      'application.tls.issuer',
      `an environment that retains its data, like prod, states who signs the gateway's certificate: "letsencrypt" for public clients (DNS-01 in identity.route53ZoneId), or "private-ca" where every client trusts the cluster's own root; without it the default is ${DEFAULT_TLS_ISSUER}`,
    );
  }
  if (!isAcme(issuer) && tls.email !== undefined && !isInvalid(tls.email)) {
    add('application.tls.email', `only the ACME issuers (letsencrypt, letsencrypt-staging) use an account e-mail; remove it, or set tls.issuer to letsencrypt`);
  }

  const hosts = Array.isArray(app.hosts) && !isInvalid(app.hosts) && !app.hosts.some(isInvalid) ? (app.hosts as unknown[]) : app.hosts === undefined ? ['*'] : undefined;
  if (hosts?.includes('*')) {
    const where = app.hosts === undefined ? 'application.hosts' : `application.hosts[${hosts.indexOf('*')}]`;
    const fix = 'name the hosts the public routes answer, such as ["app.example.com"] (DNS names in the zone identity.route53ZoneId)';
    if (retain) add(where, `an environment that retains its data, like prod, serves real host names: "*" (any host${app.hosts === undefined ? ', the default' : ''}) cannot be on a certificate clients trust; ${fix}`);
    else if (isAcme(issuer)) add(where, `${issuer} issues certificates for DNS names only, and "*" (any host${app.hosts === undefined ? ', the default' : ''}) is none; ${fix}, or set application.tls.issuer to private-ca`);
  }
  if (isAcme(issuer)) {
    const zone = obj(raw.identity).route53ZoneId;
    if (zone === undefined) {
      add('identity.route53ZoneId', `application.tls.issuer ${issuer} proves the hosts by DNS-01 records in a Route 53 zone: set the hosted zone that holds ${hosts?.filter((h) => h !== '*').join(', ') || 'the hosts'}, or set application.tls.issuer to private-ca`);
    }
  }
  return problems;
}
