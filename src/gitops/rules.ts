/**
 * Checks of `charts.delivery` and `charts.argocd` against the rest of the file: the Identity
 * Center settings the capability requires, a partition where EKS offers capabilities, every
 * enabled chart at a source Argo CD can read, and this repository's URL where Argo CD must read
 * its own charts (the plain objects of the catalog, the application chart).
 */
import { CHART_CATALOG } from '../charts/catalog';
import type { CatalogEntry } from '../charts/chart-spec';
import { enabledChartIds } from '../charts/enabled';
import { obj, isInvalid, type Raw } from '../config/raw';
import { partitionOf } from '../config/regions';
import type { ConfigProblem } from '../config/problem';
import { argoHelmSource, isSource } from './sources';

const DOC = '(docs/gitops.md)';

/** Why each enabled Helm entry cannot be read by Argo CD, on the entry's own field. */
export function sourceProblems(catalog: readonly CatalogEntry[], enabled: ReadonlySet<string>): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const entry of catalog) {
    if (!enabled.has(entry.id) || entry.kind !== 'helm') continue;
    const source = argoHelmSource(entry.repository, entry.chart, entry.version);
    if (!isSource(source)) {
      problems.push({ path: `charts.${entry.id}`, message: `"${entry.id}" cannot be delivered by Argo CD: ${source.problem}; or set charts.delivery to cloudformation ${DOC}` });
    }
  }
  return problems;
}

export function chartDeliveryProblems(raw: Raw, catalog: readonly CatalogEntry[] = CHART_CATALOG): ConfigProblem[] {
  const charts = obj(raw.charts);
  if (charts.delivery !== 'argocd') return [];
  const problems: ConfigProblem[] = [];
  const add = (path: string, message: string) => problems.push({ path, message });
  const region = typeof raw.region === 'string' ? raw.region : undefined;
  const partition = region ? partitionOf(region) : undefined;

  if (partition && partition !== 'aws') {
    add('charts.delivery', `EKS capabilities (Argo CD) are offered in the commercial AWS Regions only, not in ${region} (${partition}); keep "cloudformation" here ${DOC}`);
  }
  const argocd = charts.argocd;
  if (argocd === undefined) {
    add('charts.argocd', `required while charts.delivery is "argocd": identityCenter.instanceArn and roleMappings (the capability signs users in through IAM Identity Center only) ${DOC}`);
  } else if (!isInvalid(argocd)) {
    const idc = obj(obj(argocd).identityCenter);
    const arn = idc.instanceArn;
    if (typeof arn === 'string' && partition && !arn.startsWith(`arn:${partition}:`)) {
      add('charts.argocd.identityCenter.instanceArn', `the instance is in another partition than ${region} (${partition}); name the Identity Center instance of this partition`);
    }
    if (typeof idc.region === 'string' && partition && partitionOf(idc.region) !== partition) {
      add('charts.argocd.identityCenter.region', `${idc.region} is in another partition than ${region}`);
    }
    const mappings = Array.isArray(obj(argocd).roleMappings) ? (obj(argocd).roleMappings as unknown[]) : [];
    if (mappings.length > 0 && !mappings.some((m) => obj(m).role === 'ADMIN')) {
      add('charts.argocd.roleMappings', 'map at least one Identity Center group to ADMIN: only ADMIN may manage the platform project\'s Applications and clusters');
    }
  }

  const identity = obj(raw.identity);
  const enabled = enabledChartIds(charts, {
    route53ZoneId: typeof identity.route53ZoneId === 'string' ? identity.route53ZoneId : undefined,
    karpenter: obj(raw.karpenter).enabled === true,
  });
  problems.push(...sourceProblems(catalog, enabled));

  // This repository's own charts have no Helm repository: Argo CD reads them from git.
  const manifests = catalog.filter((e) => e.kind === 'manifest' && enabled.has(e.id)).map((e) => e.id);
  const version = obj(raw.application).version;
  const needers = [...(manifests.length > 0 ? [`the plain objects of ${manifests.join(', ')}`] : []), ...(typeof version === 'string' ? ['the application chart'] : [])];
  const repository = obj(obj(argocd).repository);
  const github = obj(obj(raw.delivery).github);
  const named = typeof repository.url === 'string' || isInvalid(repository.url) || (typeof github.owner === 'string' && typeof github.repository === 'string');
  if (argocd !== undefined && !isInvalid(argocd) && needers.length > 0 && !named) {
    add(
      'charts.argocd.repository.url',
      `required: Argo CD reads ${needers.join(' and ')} from this repository (charts/platform-objects, charts/application), and neither this field nor delivery.github names it ${DOC}`,
    );
  }
  return problems;
}
