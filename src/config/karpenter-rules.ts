/**
 * Cross-field checks of the karpenter section: NodePool requirements that could never be met,
 * the pinned Bottlerocket release, and coexistence with the cluster autoscaler.
 */
import { KARPENTER_INSTANCE_FAMILIES, matchingFamilies, type Architecture, type PoolRequirements } from './instance-types';
import { isInvalid, obj, type Raw } from './raw';
import type { ConfigProblem } from './problem';
import { BOTTLEROCKET_FIRST_RELEASE } from './versions';

/** Label domains Karpenter's NodePool validation reserves (its CRD's CEL rules). */
const RESERVED_LABEL_DOMAINS = ['kubernetes.io', 'k8s.io', 'karpenter.sh', 'karpenter.k8s.aws'];
/** Tag keys Karpenter sets on what it launches, and the cluster autoscaler's discovery tags. */
const RESERVED_TAG_PREFIXES = ['kubernetes.io/cluster/', 'karpenter.sh/', 'karpenter.k8s.aws/', 'eks:eks-cluster-name', 'k8s.io/cluster-autoscaler/'];

function reservedLabel(key: string): boolean {
  if (!key.includes('/')) return false;
  const domain = key.split('/')[0];
  // node.kubernetes.io and node-restriction.kubernetes.io are the documented exceptions.
  if (domain.endsWith('node.kubernetes.io') || domain.endsWith('node-restriction.kubernetes.io')) return false;
  return RESERVED_LABEL_DOMAINS.some((d) => domain === d || domain.endsWith(`.${d}`));
}

function olderThan(version: string, minimum: string): boolean {
  const a = version.split('.').map(Number);
  const b = minimum.split('.').map(Number);
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] < b[i];
  return false;
}

const REQUIREMENT_FIELDS = ['architecture', 'instanceCategories', 'instanceFamilies', 'minGeneration', 'instanceSizes'] as const;

/**
 * A pool's requirements against the instance facts of instance-types.ts: a listed family that
 * contradicts another requirement is reported on that family; otherwise, when no family satisfies
 * them all, on the field that alone empties the set, or on the pool naming the fields in conflict.
 */
function requirementProblems(pool: Raw, at: string): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const add = (path: string, message: string) => problems.push({ path, message });
  if (REQUIREMENT_FIELDS.some((f) => isInvalid(pool[f]) || (Array.isArray(pool[f]) && pool[f].some(isInvalid)))) return problems;
  const req: PoolRequirements = {
    architecture: (typeof pool.architecture === 'string' ? pool.architecture : 'x86_64') as Architecture,
    instanceCategories: Array.isArray(pool.instanceCategories) ? pool.instanceCategories : undefined,
    instanceFamilies: Array.isArray(pool.instanceFamilies) ? pool.instanceFamilies : undefined,
    minGeneration: Number.isInteger(pool.minGeneration) ? pool.minGeneration : undefined,
    instanceSizes: Array.isArray(pool.instanceSizes) ? pool.instanceSizes : undefined,
  };
  const architecture = req.architecture!;
  (req.instanceFamilies ?? []).forEach((family, j) => {
    const known = KARPENTER_INSTANCE_FAMILIES.get(String(family));
    if (!known) return;
    if (known.architecture !== architecture) {
      add(
        `${at}.instanceFamilies[${j}]`,
        `${family} is ${known.architecture}${known.architecture === 'arm64' ? ' (Graviton)' : ''}, but the pool's architecture is ${architecture}, so Karpenter picks the ${architecture} Bottlerocket image and no ${family} instance can run it; set architecture to ${known.architecture} or use ${architecture} families`,
      );
    } else if (req.instanceCategories && !req.instanceCategories.includes(known.category)) {
      add(`${at}.instanceFamilies[${j}]`, `${family} is in category ${known.category}, which instanceCategories (${req.instanceCategories.join(', ')}) excludes; no instance could satisfy both`);
    } else if (req.minGeneration !== undefined && known.generation < req.minGeneration) {
      add(`${at}.instanceFamilies[${j}]`, `${family} is generation ${known.generation}, older than minGeneration ${req.minGeneration}, so Karpenter never picks it; remove it or lower minGeneration`);
    }
  });
  if (problems.length > 0 || matchingFamilies(req).length > 0) return problems;

  const given = REQUIREMENT_FIELDS.filter((f) => req[f] !== undefined && (f !== 'architecture' || pool.architecture !== undefined));
  const conflicting = given.filter((f) => matchingFamilies({ ...req, [f]: undefined }).length > 0);
  const shown = (conflicting.length > 0 ? conflicting : given).map((f) => `${f} ${JSON.stringify(req[f])}`).join(', ');
  const name = typeof pool.name === 'string' ? `NodePool "${pool.name}"` : 'this NodePool';
  add(
    conflicting.length === 1 ? `${at}.${conflicting[0]}` : at,
    `${name} can never launch a node: no instance family satisfies ${shown} together (facts in src/config/instance-types.ts). ` +
      (conflicting.length > 0 ? `Loosen ${conflicting.join(' or ')}` : 'Loosen these requirements'),
  );
  return problems;
}

export function karpenterProblems(raw: Raw): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const add = (path: string, message: string) => problems.push({ path, message });
  const karpenter = obj(raw.karpenter);
  if (Object.keys(karpenter).length === 0) return problems;

  // The Bottlerocket release: pinned where data is retained, and new enough for the cluster.
  const version = karpenter.amiVersion;
  if (version === 'latest' && obj(raw.data).removalPolicy === 'retain') {
    add(
      'karpenter.amiVersion',
      '"latest" lets every Bottlerocket release replace nodes (Karpenter sees them as drifted); an environment that retains its data, like prod, must pin a release such as v1.61.0',
    );
  }
  const minor = obj(raw.cluster).kubernetesVersion;
  const first = typeof minor === 'string' ? BOTTLEROCKET_FIRST_RELEASE[minor] : undefined;
  if (typeof version === 'string' && version !== 'latest' && first && /^v\d+\.\d+\.\d+$/.test(version) && olderThan(version.slice(1), first)) {
    add('karpenter.amiVersion', `Bottlerocket ${version} has no aws-k8s-${minor} image (the first is v${first}); pin v${first} or later`);
  }

  const pools: Raw[] = Array.isArray(karpenter.nodePools) ? karpenter.nodePools.map(obj) : [];
  const autoscalerToggle = obj(obj(raw.charts)['cluster-autoscaler']).enabled;
  const autoscaler = autoscalerToggle !== false && !isInvalid(autoscalerToggle);
  const names = new Set<string>();
  pools.forEach((pool, i) => {
    const at = `karpenter.nodePools[${i}]`;
    if (typeof pool.name === 'string') {
      if (names.has(pool.name)) add(`${at}.name`, `NodePool "${pool.name}" is defined twice; give each pool its own name`);
      names.add(pool.name);
    }

    // Requirements that can never be met leave pods pending with no error from Karpenter.
    const matchProblems = requirementProblems(pool, at);
    problems.push(...matchProblems);

    (Array.isArray(obj(pool.disruption).budgets) ? obj(pool.disruption).budgets : []).forEach((b: unknown, j: number) => {
      const budget = obj(b);
      if ((budget.schedule === undefined) !== (budget.duration === undefined)) {
        add(`${at}.disruption.budgets[${j}]`, 'schedule and duration go together: a scheduled budget needs how long it lasts, and a duration needs when it starts');
      }
    });

    for (const [key, value] of Object.entries(obj(pool.labels))) {
      if (!isInvalid(value) && reservedLabel(key)) add(`${at}.labels.${key}`, `the label domain of "${key}" is reserved (kubernetes.io, k8s.io, karpenter.sh, karpenter.k8s.aws); Karpenter rejects such NodePool labels, so use your own domain`);
    }

    // With the autoscaler beside it, a pool must be opt-in, or both add capacity for the same pods.
    if (autoscaler && karpenter.enabled === true) {
      const taints = Array.isArray(pool.taints) ? pool.taints.map(obj) : [];
      const unreadable = isInvalid(pool.taints) || taints.some((t) => isInvalid(t) || isInvalid(t.effect));
      if (!unreadable && !taints.some((t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute')) {
        add(
          `${at}.taints`,
          'the cluster autoscaler also runs, so an untainted NodePool would compete with the managed node group for the same pending pods (both add capacity for them). ' +
            'Give the pool a NoSchedule taint that only the workloads meant for it tolerate, e.g. {"key": "capacity", "value": "spot", "effect": "NoSchedule"}, or turn charts.cluster-autoscaler off',
        );
      }
    }
  });

  if (karpenter.enabled === true) {
    for (const key of Object.keys(obj(raw.tags))) {
      if (RESERVED_TAG_PREFIXES.some((p) => key.startsWith(p))) {
        add(`tags.${key}`, `"${key}" is a tag Karpenter or the cluster autoscaler own; Karpenter puts the environment's tags on every node it launches, so remove this one`);
      }
    }
  }
  return problems;
}
