/**
 * Cross-field checks of the `application` section: against the service catalog, the images the
 * registry creates, the identity catalog's accounts, the chart catalog (the operator and the
 * drivers the layer needs) and between sizes. Like every rule, it reads the raw file and reports
 * field paths; it runs on whatever parts are readable.
 */
import { enabledChartIds } from '../charts/enabled';
import { ROLE_CATALOG } from '../identity/catalog';
import { isInvalid, obj, type Raw } from '../config/raw';
import type { ConfigProblem } from '../config/problem';
import { SERVICE_CATALOG, SERVICE_NAMES, type ServiceSpec } from './catalog';
import { versionProblem } from './version';
import { PLATFORM_SECRET_SETS } from './resolve';
import { gatewayTlsProblems, publicRoutes, routeShadowProblems } from './route-rules';

/** Service accounts the application may run as: those of the identity catalog's application roles. */
export const APPLICATION_ACCOUNTS: readonly string[] = ROLE_CATALOG.filter((r) => r.kind === 'application').flatMap((r) => r.serviceAccounts);

/** Millicores of a CPU quantity. */
export function millicores(q: string): number {
  return q.endsWith('m') ? Number(q.slice(0, -1)) : Math.round(Number(q) * 1000);
}

/** Bytes of a memory quantity. */
export function bytes(q: string): number {
  const units: Record<string, number> = { Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3 };
  return Number(q.slice(0, -2)) * units[q.slice(-2)];
}

function resourceProblems(path: string, value: unknown, add: (path: string, message: string) => void): void {
  const r = obj(value);
  const requests = obj(r.requests);
  const limits = obj(r.limits);
  for (const [key, measure] of [['cpu', millicores], ['memory', bytes]] as const) {
    const req = requests[key];
    const lim = limits[key];
    if (typeof req !== 'string' || typeof lim !== 'string') continue;
    const [a, b] = [measure(req), measure(lim)];
    if (Number.isFinite(a) && Number.isFinite(b) && b < a) add(`${path}.limits.${key}`, `limit ${lim} is below the request ${req}; raise the limit or lower the request`);
  }
}

export function applicationProblems(raw: Raw): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const add = (path: string, message: string) => problems.push({ path, message });
  // Without a section the catalog's services run as they are, public routes included.
  if (raw.application === undefined) return gatewayTlsProblems(raw);
  const app = obj(raw.application);
  const services = obj(app.services);
  const images = Array.isArray(obj(raw.registry).images) ? (obj(raw.registry).images as unknown[]) : [];
  // A registry list with an entry that failed its own check is reported there alone.
  const imagesReadable = !isInvalid(obj(raw.registry).images) && !images.some(isInvalid);

  if (typeof app.version === 'string') {
    const problem = versionProblem(app.version);
    if (problem) add('application.version', `${problem} (in the file or with -c appVersion=TAG)`);
  }

  for (const name of Object.keys(services)) {
    if (!SERVICE_NAMES.includes(name)) add(`application.services.${name}`, `unknown service "${name}"; known services: ${SERVICE_NAMES.join(', ')} (a new service is an entry of src/application/catalog.ts)`);
  }

  const enabled = (spec: ServiceSpec) => obj(services[spec.name]).enabled !== false;
  const active = SERVICE_CATALOG.filter(enabled);
  const routes: Array<{ name: string; path: string }> = [];
  const autoscaled: string[] = [];
  for (const spec of active) {
    const base = `application.services.${spec.name}`;
    const s = obj(services[spec.name]);
    const image = typeof s.image === 'string' ? s.image : spec.image;
    if (imagesReadable && !isInvalid(s.image) && !images.includes(image)) {
      add(s.image !== undefined ? `${base}.image` : 'registry.images', `${spec.name} runs image "${image}", which is not in registry.images (${images.join(', ') || 'empty'}); add it there so its repository exists, or pick a listed image`);
    }
    if (typeof s.serviceAccount === 'string' && !APPLICATION_ACCOUNTS.includes(s.serviceAccount)) {
      add(`${base}.serviceAccount`, `"${s.serviceAccount}" is not an application account of the identity catalog; use one of ${APPLICATION_ACCOUNTS.join(', ')}`);
    }
    if (s.replicas !== undefined && s.autoscaling !== undefined) add(`${base}.replicas`, 'set either replicas or autoscaling, not both (the autoscaler owns the replica count)');
    const hpa = obj(s.autoscaling);
    if (Number.isInteger(hpa.minReplicas) && Number.isInteger(hpa.maxReplicas) && hpa.minReplicas > hpa.maxReplicas) {
      add(`${base}.autoscaling.minReplicas`, `minReplicas ${hpa.minReplicas} is greater than maxReplicas ${hpa.maxReplicas}`);
    }
    resourceProblems(`${base}.resources`, s.resources, add);
    const route = s.public === undefined ? (spec.publicPath ? { path: spec.publicPath } : false) : s.public;
    if (route !== false && typeof obj(route).path === 'string') {
      const path = obj(route).path as string;
      if (spec.port === undefined) add(`${base}.public`, `${spec.name} has no port, so it cannot take a public route; remove "public" (set it to false)`);
      else routes.push({ name: spec.name, path });
    }
    if (s.autoscaling !== undefined && !isInvalid(s.autoscaling)) autoscaled.push(`${base}.autoscaling`);
    for (const target of spec.talksTo) {
      if (!enabled(SERVICE_CATALOG.find((t) => t.name === target)!)) {
        add(`application.services.${target}.enabled`, `${spec.name} calls ${target}, so ${target} cannot be disabled while ${spec.name} runs`);
      }
    }
  }

  const secrets = obj(app.secrets);
  for (const name of Object.keys(secrets).filter((n) => PLATFORM_SECRET_SETS.includes(n))) {
    add(
      `application.secrets.${name}`,
      `"${name}" is a secret the platform already mounts (${PLATFORM_SECRET_SETS.join(', ')}: the database credentials and InfluxDB's setup secrets); ` +
        `give the application's secret its own name, such as "${name}-app" (a service that needs the platform's gets it by using that data service: docs/application.md)`,
    );
  }
  for (const [name, secret] of Object.entries(secrets)) {
    const mounts = obj(secret).services;
    if (!Array.isArray(mounts)) continue;
    mounts.forEach((svc, i) => {
      const spec = SERVICE_CATALOG.find((s) => s.name === svc);
      if (!spec) add(`application.secrets.${name}.services[${i}]`, `unknown service "${svc}"; known services: ${SERVICE_NAMES.join(', ')}`);
      else if (!enabled(spec)) add(`application.secrets.${name}.services[${i}]`, `${svc} is disabled; enable it or remove it from the list`);
    });
  }
  resourceProblems('application.rabbitmq.resources', obj(app.rabbitmq).resources, add);
  resourceProblems('application.influxdb.resources', obj(app.influxdb).resources, add);

  // The charts the layer stands on: the operator that runs RabbitMQ, the driver that mounts the
  // secrets, the gateway that takes the public routes.
  const identity = obj(raw.identity);
  const charts = enabledChartIds(obj(raw.charts), {
    route53ZoneId: typeof identity.route53ZoneId === 'string' ? identity.route53ZoneId : undefined,
    karpenter: obj(raw.karpenter).enabled === true,
  });
  const needs = (chart: string, why: string) => {
    if (!charts.has(chart)) add(`charts.${chart}`, `the application needs ${chart} (${why}); turn it on, or remove the application section`);
  };
  if (active.some((s) => s.uses.includes('rabbitmq'))) needs('rabbitmq-cluster-operator', 'it runs the RabbitmqCluster the services use');
  needs('secrets-store-csi-driver', 'it mounts the services\' secrets');
  if (routes.length > 0) {
    needs('istio-ingressgateway', 'the public routes enter through it');
    needs('cert-manager', 'it issues the gateway\'s certificate');
    needs('gateway-certificate', 'it holds the gateway\'s certificate and issuers');
  }
  // A HorizontalPodAutoscaler reads CPU and memory from the metrics API, which metrics-server serves.
  if (!charts.has('metrics-server')) {
    for (const field of autoscaled) {
      add(field, 'the autoscaler reads CPU and memory from metrics-server, which charts.metrics-server turns off (the HPA would never scale); set fixed replicas instead, or turn charts.metrics-server back on');
    }
  }
  problems.push(...routeShadowProblems(publicRoutes(routes, charts.has('echo-server') && routes.length > 0)));
  problems.push(...gatewayTlsProblems(raw));
  return problems;
}
