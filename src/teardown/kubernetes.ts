/**
 * The Kubernetes objects that make AWS resources outside CloudFormation: Karpenter's NodePools
 * (EC2 instances), Services of type LoadBalancer (NLBs), Ingresses (ALBs) and
 * PersistentVolumeClaims (EBS volumes and EFS access points, which a StatefulSet's claims keep
 * after the StatefulSet is gone); in argocd delivery, the Argo CD Applications that deploy such
 * objects (src/teardown/argocd-applications.ts). The teardown deletes them while their
 * controllers still run, so the controllers remove what they made. The interface is what the
 * teardown needs; tests give it a fake, the command the real client (@kubernetes/client-node),
 * which loads only when the command runs.
 */
import { ARGOCD_NAMESPACE } from '../gitops/resolve';

export interface ObjectRef {
  /** Absent for cluster-scoped objects (NodePools). */
  readonly namespace?: string;
  readonly name: string;
}

export interface KubernetesApi {
  /** NodePools (karpenter.sh/v1); none when Karpenter's CRDs are not installed. */
  listNodePools(): Promise<ObjectRef[]>;
  deleteNodePool(name: string): Promise<void>;
  listLoadBalancerServices(): Promise<ObjectRef[]>;
  deleteService(ref: ObjectRef): Promise<void>;
  listIngresses(): Promise<ObjectRef[]>;
  deleteIngress(ref: ObjectRef): Promise<void>;
  listPersistentVolumeClaims(): Promise<ObjectRef[]>;
  deletePersistentVolumeClaim(ref: ObjectRef): Promise<void>;
  /** An Argo CD Application (argocd delivery), or undefined when it, or Argo CD's CRD, does not exist. */
  getApplication(ref: ObjectRef): Promise<ApplicationState | undefined>;
  /** Delete an Application with this propagation policy; already gone counts as deleted. */
  deleteApplication(ref: ObjectRef, propagationPolicy: PropagationPolicy): Promise<void>;
}

/** Kubernetes' propagation policies (DeleteOptions.propagationPolicy). */
export type PropagationPolicy = 'Foreground' | 'Background' | 'Orphan';

/** What the teardown reads of a live Application. */
export interface ApplicationState {
  readonly finalizers: readonly string[];
  /** Its deletion has started (metadata.deletionTimestamp is set). */
  readonly deleting: boolean;
}

export const describeRef = (kind: string, ref: ObjectRef) => `${kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;

const NODE_POOLS = { group: 'karpenter.sh', version: 'v1', plural: 'nodepools' } as const;
const APPLICATIONS = { group: 'argoproj.io', version: 'v1alpha1', plural: 'applications' } as const;

/** HTTP status of a client error, when the API server answered. */
function statusOf(e: unknown): number | undefined {
  const code = (e as { code?: unknown }).code;
  return typeof code === 'number' ? code : undefined;
}

/** Already gone counts as deleted: a rerun after a partial teardown must not fail on it. */
async function deleteIgnoringMissing(call: () => Promise<unknown>): Promise<void> {
  try {
    await call();
  } catch (e) {
    if (statusOf(e) !== 404) throw e;
  }
}

/**
 * The real client, on the kubeconfig context of this cluster: the one `aws eks update-kubeconfig`
 * names after the cluster ARN, or `context` when given. Refuses to guess: acting on another
 * cluster's NodePools and load balancers would be far worse than stopping.
 */
export async function kubernetesClient(clusterArn: string, context?: string): Promise<KubernetesApi> {
  // Loaded here: it is an ES module the rest of the project never needs.
  const k8s = await import('@kubernetes/client-node');
  const config = new k8s.KubeConfig();
  config.loadFromDefault();
  const wanted = context ?? config.getContexts().find((c) => c.name === clusterArn || c.cluster === clusterArn)?.name;
  if (!wanted || !config.getContextObject(wanted)) {
    throw new Error(
      context
        ? `kubeconfig has no context "${context}"`
        : `kubeconfig has no context for ${clusterArn}; run \`aws eks update-kubeconfig --name ${clusterArn.split('/').pop()} --region ${clusterArn.split(':')[3]}\` or pass --kube-context`,
    );
  }
  config.setCurrentContext(wanted);
  const core = config.makeApiClient(k8s.CoreV1Api);
  const networking = config.makeApiClient(k8s.NetworkingV1Api);
  const custom = config.makeApiClient(k8s.CustomObjectsApi);
  const refs = (items: ReadonlyArray<{ metadata?: { name?: string; namespace?: string } }>): ObjectRef[] =>
    items.map((i) => ({ namespace: i.metadata?.namespace, name: i.metadata?.name ?? '' })).filter((r) => r.name);
  return {
    async listNodePools() {
      try {
        const list = await custom.listClusterCustomObject({ ...NODE_POOLS });
        return refs(list.items ?? []);
      } catch (e) {
        if (statusOf(e) === 404) return []; // Karpenter's CRDs are not installed
        throw e;
      }
    },
    deleteNodePool: (name) => deleteIgnoringMissing(() => custom.deleteClusterCustomObject({ ...NODE_POOLS, name })),
    async listLoadBalancerServices() {
      const list = await core.listServiceForAllNamespaces();
      return refs(list.items.filter((s) => s.spec?.type === 'LoadBalancer'));
    },
    deleteService: (ref) => deleteIgnoringMissing(() => core.deleteNamespacedService({ name: ref.name, namespace: ref.namespace ?? 'default' })),
    async listIngresses() {
      return refs((await networking.listIngressForAllNamespaces()).items);
    },
    deleteIngress: (ref) => deleteIgnoringMissing(() => networking.deleteNamespacedIngress({ name: ref.name, namespace: ref.namespace ?? 'default' })),
    async listPersistentVolumeClaims() {
      return refs((await core.listPersistentVolumeClaimForAllNamespaces()).items);
    },
    deletePersistentVolumeClaim: (ref) =>
      deleteIgnoringMissing(() => core.deleteNamespacedPersistentVolumeClaim({ name: ref.name, namespace: ref.namespace ?? 'default' })),
    ...argoApplications(custom),
  };
}

/** The custom objects calls the Applications need (a test gives a fake). */
export interface CustomObjects {
  getNamespacedCustomObject(param: { group: string; version: string; namespace: string; plural: string; name: string }): Promise<any>;
  deleteNamespacedCustomObject(param: { group: string; version: string; namespace: string; plural: string; name: string; propagationPolicy?: string }): Promise<any>;
}

/** Argo CD's Applications (argoproj.io/v1alpha1) through the custom objects API. */
export function argoApplications(custom: CustomObjects): Pick<KubernetesApi, 'getApplication' | 'deleteApplication'> {
  const at = (ref: ObjectRef) => ({ ...APPLICATIONS, namespace: ref.namespace ?? ARGOCD_NAMESPACE, name: ref.name });
  return {
    async getApplication(ref) {
      try {
        const app = await custom.getNamespacedCustomObject(at(ref));
        return { finalizers: [...(app?.metadata?.finalizers ?? [])], deleting: Boolean(app?.metadata?.deletionTimestamp) };
      } catch (e) {
        if (statusOf(e) === 404) return undefined; // gone, or Argo CD's CRD is not installed
        throw e;
      }
    },
    deleteApplication: (ref, propagationPolicy) => deleteIgnoringMissing(() => custom.deleteNamespacedCustomObject({ ...at(ref), propagationPolicy })),
  };
}
