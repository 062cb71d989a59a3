/**
 * Access entries scoped to namespaces: each namespace must exist on this cluster. A copied file
 * often keeps the old environment's namespace, and EKS accepts the entry anyway, granting nothing.
 * The platform's namespaces are known from the model: Kubernetes' own, those of the enabled chart
 * entries, and the application's (the environment name); any other must be declared in
 * `cluster.externalNamespaces`, where another pipeline creates it.
 */
import { CHART_CATALOG } from '../charts/catalog';
import { enabledChartIds } from '../charts/enabled';
import type { ConfigProblem } from './problem';
import { isInvalid, obj, type Raw } from './raw';
import { didYouMean } from './suggest';

/** Namespaces every Kubernetes cluster has. */
export const KUBERNETES_NAMESPACES = ['default', 'kube-node-lease', 'kube-public', 'kube-system'] as const;

/** The namespaces an environment's platform creates or finds, or undefined when the fields that decide it are invalid. */
export function platformNamespaces(raw: Raw): Set<string> | undefined {
  const identity = obj(raw.identity);
  const inputs = [raw.name, raw.charts, raw.karpenter, obj(raw.karpenter).enabled, identity.route53ZoneId];
  if (typeof raw.name !== 'string' || inputs.some(isInvalid)) return undefined;
  const toggles = obj(raw.charts);
  const enabled = enabledChartIds(toggles, {
    route53ZoneId: typeof identity.route53ZoneId === 'string' ? identity.route53ZoneId : undefined,
    karpenter: obj(raw.karpenter).enabled === true,
  });
  return new Set([...KUBERNETES_NAMESPACES, ...CHART_CATALOG.filter((e) => enabled.has(e.id)).map((e) => e.namespace), raw.name]);
}

export function accessProblems(raw: Raw): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const cluster = obj(raw.cluster);
  const external = cluster.externalNamespaces;
  const platform = platformNamespaces(raw);
  if (!platform || isInvalid(external)) return problems;
  const known = new Set([...platform, ...(Array.isArray(external) ? external.filter((n): n is string => typeof n === 'string') : [])]);

  const access = obj(cluster.access);
  for (const level of ['admin', 'edit', 'view']) {
    (Array.isArray(access[level]) ? access[level] : []).forEach((e: unknown, i: number) => {
      const namespaces = obj(e).namespaces;
      if (!Array.isArray(namespaces)) return;
      namespaces.forEach((ns: unknown, j: number) => {
        if (typeof ns !== 'string' || known.has(ns)) return;
        problems.push({
          path: `cluster.access.${level}[${i}].namespaces[${j}]`,
          message:
            `namespace "${ns}" is not created by this environment (the application's is "${raw.name}"; charts and Kubernetes add ${[...platform].filter((n) => n !== raw.name).sort().join(', ')}).` +
            `${didYouMean(ns, known)} If another pipeline creates it, list it in cluster.externalNamespaces`,
        });
      });
    });
  }

  if (Array.isArray(external)) {
    external.forEach((ns: unknown, i: number) => {
      if (typeof ns === 'string' && platform.has(ns)) {
        problems.push({ path: `cluster.externalNamespaces[${i}]`, message: `"${ns}" is a namespace this platform creates; remove it from externalNamespaces` });
      }
    });
  }
  return problems;
}
