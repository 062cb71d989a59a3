/**
 * The Kubernetes objects the platform gives the EKS-managed Argo CD: the registration of this
 * cluster, the platform's AppProject, and one Application per delivered unit (a catalog entry or
 * the application chart). Plain data built from the model; the constructs apply it.
 *
 * Choices, each with its reason (docs/gitops.md has the longer form):
 * - One Application per entry, not an ApplicationSet: every entry has its own source, version,
 *   values with deploy-time references, namespace and prune rule, so a generator would only
 *   template what is already explicit here, and the Applications stay readable one by one.
 * - The destination is the cluster's ARN: the capability identifies clusters by ARN and does not
 *   accept https://kubernetes.default.svc (EKS user guide, "Register target clusters").
 * - Automated sync with self-heal, retried without limit (Limit < 0, appcontroller.go at v3.1.0):
 *   an automated sync that failed is not tried again for the same revision unless it retries,
 *   and an entry synced before a CRD or webhook it needs exists converges once that exists.
 * - Prune only where the platform knows every object (its own charts): an upstream chart may move
 *   or drop a CustomResourceDefinition between versions, and pruning a CRD deletes every object of
 *   its kind in the cluster.
 * - Server-side apply: large CRDs exceed the 256 KiB annotation that client-side apply writes.
 * - Fields that controllers write at runtime (webhook CA bundles, certificates a chart generates at
 *   render time) are ignored, so self-heal does not undo them on every render.
 */

/** Argo CD's finalizer: deleting the Application deletes what it deployed first (cascade). */
export const RESOURCES_FINALIZER = 'resources-finalizer.argocd.argoproj.io';
export const SYNC_WAVE = 'argocd.argoproj.io/sync-wave';
/** Labels of every object the platform gives Argo CD. */
export const PART_OF = { 'app.kubernetes.io/part-of': 'eks-platform' } as const;

export type KubeObject = Record<string, unknown>;

/** What one Application deploys. */
export interface ApplicationSpecInput {
  readonly name: string;
  /** The namespace of the capability's Applications. */
  readonly argoNamespace: string;
  readonly project: string;
  /** Position in the plan's deployment order. */
  readonly wave: number;
  /** The plan's phase, as a label (filters in the UI and `argocd app list -l`). */
  readonly phase: string;
  readonly source:
    | { readonly repoURL: string; readonly chart: string; readonly targetRevision: string }
    | { readonly repoURL: string; readonly path: string; readonly targetRevision: string };
  readonly releaseName: string;
  readonly values: Record<string, unknown>;
  /** The cluster's ARN. */
  readonly server: string;
  readonly namespace: string;
  /** The platform does not create the namespace elsewhere. */
  readonly createNamespace: boolean;
  /** The platform knows every object of the source, none of them a CRD. */
  readonly prune: boolean;
}

/** Fields that controllers own at runtime: the CA bundles they inject and the TLS material some charts generate when rendered. */
export const RUNTIME_FIELDS = [
  { group: 'admissionregistration.k8s.io', kind: 'MutatingWebhookConfiguration', jqPathExpressions: ['.webhooks[]?.clientConfig.caBundle'] },
  { group: 'admissionregistration.k8s.io', kind: 'ValidatingWebhookConfiguration', jqPathExpressions: ['.webhooks[]?.clientConfig.caBundle'] },
  { group: 'apiextensions.k8s.io', kind: 'CustomResourceDefinition', jqPathExpressions: ['.spec.conversion.webhook?.clientConfig?.caBundle'] },
  { group: 'apiregistration.k8s.io', kind: 'APIService', jqPathExpressions: ['.spec.caBundle'] },
  // Helm's genCA/genSignedCert give new certificates on every render (Argo CD renders often).
  { group: '', kind: 'Secret', jqPathExpressions: ['select(.type == "kubernetes.io/tls") | .data'] },
] as const;

export function application(input: ApplicationSpecInput): KubeObject {
  const syncOptions = [
    ...(input.createNamespace ? ['CreateNamespace=true'] : []),
    'ServerSideApply=true',
    'RespectIgnoreDifferences=true',
  ];
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: {
      name: input.name,
      namespace: input.argoNamespace,
      labels: { ...PART_OF, 'eks-platform/phase': input.phase },
      annotations: { [SYNC_WAVE]: String(input.wave) },
      // Deleting the Application (the stack, in reverse plan order) removes its objects first,
      // while the controllers it depends on still run and clean up what they made.
      finalizers: [RESOURCES_FINALIZER],
    },
    spec: {
      project: input.project,
      source: { ...input.source, helm: { releaseName: input.releaseName, valuesObject: input.values } },
      destination: { server: input.server, namespace: input.namespace },
      syncPolicy: {
        automated: { selfHeal: true, prune: input.prune },
        syncOptions,
        retry: { limit: -1, backoff: { duration: '30s', factor: 2, maxDuration: '5m' } },
      },
      ignoreDifferences: RUNTIME_FIELDS.map((f) => ({ ...f, jqPathExpressions: [...f.jqPathExpressions] })),
    },
  };
}

/** The capability registers no cluster by itself; this Secret registers the local one by its ARN. */
export function clusterRegistration(argoNamespace: string, clusterName: string, clusterArn: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: clusterName, namespace: argoNamespace, labels: { ...PART_OF, 'argocd.argoproj.io/secret-type': 'cluster' } },
    type: 'Opaque',
    stringData: { name: clusterName, server: clusterArn },
  };
}

/** The platform's project: only these sources, only this cluster. */
export function platformProject(argoNamespace: string, project: string, sourceRepos: readonly string[], clusterArn: string): KubeObject {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AppProject',
    metadata: { name: project, namespace: argoNamespace, labels: { ...PART_OF } },
    spec: {
      description: 'The eks-platform chart catalog and application layer, applied by CloudFormation',
      sourceRepos: [...new Set(sourceRepos)].sort(),
      destinations: [{ server: clusterArn, namespace: '*' }],
      // The catalog installs CRDs, webhooks and cluster roles: the same reach as the kubectl provider.
      clusterResourceWhitelist: [{ group: '*', kind: '*' }],
    },
  };
}
