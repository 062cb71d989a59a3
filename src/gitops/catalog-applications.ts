/**
 * The chart catalog of an environment as Argo CD Applications: one per enabled entry, with the
 * same chart, version and values the CloudFormation mode installs (src/charts/release-values.ts
 * computes both), the sync wave of the plan, and the catalog's plain objects rendered by this
 * repository's platform-objects chart.
 */
import type { ChartsModel, ResolvedChart } from '../charts/resolve';
import { releaseValues, type DeployTimeInputs } from '../charts/release-values';
import { application, type KubeObject } from './argocd-objects';
import { PLATFORM_OBJECTS_CHART, type ArgoCdModel } from './resolve';
import { argoHelmSource, isSource } from './sources';

export interface CatalogApplicationsInput extends DeployTimeInputs {
  readonly charts: ChartsModel;
  readonly argocd: ArgoCdModel;
  /** The cluster's ARN (the registered destination). */
  readonly clusterArn: string;
  /** Namespaces the platform creates outside the catalog (the identity layer's, kube-system). */
  readonly platformNamespaces: ReadonlySet<string>;
}

/** Each entry's position in the plan: the index of its deployment wave. */
export function syncWaves(charts: ChartsModel): Map<string, number> {
  return new Map(charts.waves.flatMap((wave, i) => wave.map((id) => [id, i] as const)));
}

/** The application chart's sync wave: after every wave of the catalog. */
export function applicationWave(charts: ChartsModel): number {
  return charts.waves.length;
}

/** The Application of each enabled entry, by catalog id, in catalog order. */
export function catalogApplications(input: CatalogApplicationsInput): Map<string, KubeObject> {
  const waves = syncWaves(input.charts);
  return new Map(input.charts.entries.map((entry) => [entry.id, entryApplication(entry, waves.get(entry.id)!, input)]));
}

function entryApplication(entry: ResolvedChart, wave: number, input: CatalogApplicationsInput): KubeObject {
  const { argocd } = input;
  const common = {
    name: entry.id,
    argoNamespace: argocd.namespace,
    project: argocd.project,
    wave,
    phase: entry.phase,
    releaseName: entry.helm?.release ?? entry.id,
    server: input.clusterArn,
    namespace: entry.namespace,
    createNamespace: !input.platformNamespaces.has(entry.namespace),
  };
  if (entry.helm) {
    const source = argoHelmSource(entry.helm.repository, entry.helm.chart, entry.helm.version);
    // The rules reject an environment with an unreadable source before anything is built.
    if (!isSource(source)) throw new Error(`chart ${entry.id}: ${source.problem}`);
    return application({ ...common, source, values: releaseValues(entry.helm, input), prune: false });
  }
  const repository = argocd.repository ?? missingRepository(entry.id);
  return application({
    ...common,
    source: { repoURL: repository.url, path: PLATFORM_OBJECTS_CHART, targetRevision: repository.revision },
    values: { objects: [...(entry.manifests ?? [])] },
    // Every object is the platform's own and none is a CRD (a test checks it), so removing one
    // from the catalog removes it from the cluster.
    prune: true,
  });
}

function missingRepository(id: string): never {
  throw new Error(`chart ${id}: Argo CD reads the platform-objects chart from this repository, and no repository is configured`);
}

/** What the platform's Applications may read: each Helm entry's repository and, when named, this repository. */
export function platformSourceRepos(charts: ChartsModel, argocd: ArgoCdModel): string[] {
  const repos = charts.entries.flatMap((e) => {
    if (!e.helm) return [];
    const source = argoHelmSource(e.helm.repository, e.helm.chart, e.helm.version);
    return isSource(source) ? [source.repoURL] : [];
  });
  return [...new Set([...repos, ...(argocd.repository ? [argocd.repository.url] : [])])].sort();
}

/** Namespaces that exist without the catalog: kube-system and those the identity layer creates for its service accounts. */
export function namespacesOutsideCatalog(roles: ReadonlyArray<{ readonly namespace: string; readonly addon?: string }>): Set<string> {
  return new Set(['kube-system', ...roles.filter((r) => !r.addon).map((r) => r.namespace)]);
}
