/**
 * The upgrade plan of an environment to the next Kubernetes minor: what must change in the file
 * first, the charts that move before the control plane, and what the deploy that raises
 * `cluster.kubernetesVersion` changes, in the order CloudFormation applies it (control plane,
 * add-ons the nodes need, the node group, the other add-ons, then the charts stack). One minor
 * at a time: a skip is refused. Computed from the validated model and the version catalog.
 */
import { selectChartPin } from '../compat/selection';
import { removedBy, type ApiRemoval } from '../compat/api-removals';
import { storageClassObjects } from '../cluster/storage-classes';
import { loadBalancerClassPolicyObjects } from '../cluster/load-balancer-class-policy';
import { CLEANUP_CONTROLLERS } from '../charts/chart-spec';
import { serviceAccount } from '../identity/workload-identity';
import type { PlatformModel } from '../config/model';
import { validateEnvironment } from '../config/load';
import type { ConfigProblem } from '../config/problem';
import { compareMinors, describeRange, inRange, nextMinor } from '../config/provenance';
import { ADDON_VERSIONS, BOTTLEROCKET_FIRST_RELEASE, SUPPORTED_KUBERNETES_VERSIONS, type ChartPin } from '../config/versions';
import { KUBERNETES_MINORS } from '../config/versions/platform';
import { releaseOlderThan } from '../config/compat-rules';

export interface VersionChange {
  readonly name: string;
  readonly from: string;
  readonly to: string;
  /** The target build is not verified for the minor: the file must choose it. */
  readonly unverified?: boolean;
}

export interface ChartMove extends VersionChange {
  readonly fromRange: string;
  readonly toRange: string;
  /** Values that change with the pin (image tags). */
  readonly values: readonly VersionChange[];
}

export interface RemovedApiUse {
  readonly source: string;
  readonly apiVersion: string;
  readonly kind: string;
  readonly removal: ApiRemoval;
}

export interface UpgradePlan {
  readonly envName: string;
  readonly from: string;
  readonly to: string;
  readonly supportType: 'STANDARD' | 'EXTENDED';
  readonly standardSupportEnds: { readonly from?: string; readonly to?: string };
  /** Fields to fix before the minor can be raised (the target environment's validation problems). */
  readonly blockers: readonly ConfigProblem[];
  /** Charts whose current pin does not support the target: they move first, with prepareFor. */
  readonly moveFirst: readonly ChartMove[];
  /** Set while prepareFor already names the target. */
  readonly prepared: boolean;
  readonly kubectlLayer: VersionChange;
  readonly addonsBeforeNodes: readonly VersionChange[];
  readonly nodeGroup: { readonly name: string; readonly release: string; readonly update: string };
  readonly addonsAfterNodes: readonly VersionChange[];
  /** Charts that change in the deploy that raises the minor (the charts stack follows the cluster stack). */
  readonly chartsAfter: readonly ChartMove[];
  readonly karpenter?: { readonly alias: string; readonly pools: ReadonlyArray<{ readonly name: string; readonly budgets: string; readonly expireAfter: string }> };
  /** The platform's own objects and the pinned charts' templates that use an API the target no longer serves. */
  readonly removedApis: readonly RemovedApiUse[];
}

export type PlanResult = { readonly ok: true; readonly plan: UpgradePlan } | { readonly ok: false; readonly message: string };

const minorInfo = (minor: string) => KUBERNETES_MINORS.find((m) => m.minor === minor);

/** The objects the platform applies itself (manifest entries, StorageClasses, the load balancer class policy, service accounts). */
export function platformObjects(model: PlatformModel): Array<{ source: string; object: Record<string, unknown> }> {
  const out: Array<{ source: string; object: Record<string, unknown> }> = [];
  for (const entry of model.charts.entries) for (const object of entry.manifests ?? []) out.push({ source: `charts.${entry.id}`, object });
  for (const object of storageClassObjects(model.data.storageClasses, 'fs-placeholder')) out.push({ source: 'StorageClasses', object });
  if (model.charts.entries.some((e) => e.id === CLEANUP_CONTROLLERS['load-balancers'])) {
    for (const object of loadBalancerClassPolicyObjects()) out.push({ source: 'load balancer class policy', object });
  }
  for (const role of model.identity.roles.filter((r) => !r.addon)) {
    for (const name of role.serviceAccounts) out.push({ source: `role ${role.id}`, object: serviceAccount(role.namespace, name, role.id) });
  }
  return out;
}

/** The platform's own objects that use an API `minor` no longer serves. */
export function removedApiUses(model: PlatformModel, minor: string): RemovedApiUse[] {
  const uses: RemovedApiUse[] = [];
  for (const { source, object } of platformObjects(model)) {
    const removal = removedBy(String(object.apiVersion), String(object.kind), minor);
    if (removal) uses.push({ source, apiVersion: String(object.apiVersion), kind: String(object.kind), removal });
  }
  return uses;
}

function chartMove(id: string, current: ChartPin, next: ChartPin): ChartMove {
  const values = Object.entries(next.pinnedValues ?? {})
    .filter(([path, pin]) => current.pinnedValues?.[path]?.version !== pin.version)
    .map(([path, pin]) => ({ name: path, from: current.pinnedValues?.[path]?.version ?? 'chart default', to: pin.version }));
  return { name: id, from: current.version, to: next.version, fromRange: describeRange(current.kubernetes), toRange: describeRange(next.kubernetes), values };
}

export function planUpgrade(data: unknown, to: string): PlanResult {
  const loaded = validateEnvironment(data);
  if (!loaded.ok) return { ok: false, message: `the environment is invalid; fix it first:\n${loaded.problems.map((p) => `  - ${p.path}: ${p.message}`).join('\n')}` };
  const model = loaded.model;
  const from = model.cluster.kubernetesVersion;
  if (compareMinors(to, from) <= 0) return { ok: false, message: `the cluster is already on ${from}; EKS cannot downgrade a control plane, and ${to} is not after it` };
  if (to !== nextMinor(from)) {
    return { ok: false, message: `EKS upgrades one minor at a time: ${from} -> ${to} skips ${nextMinor(from)}. Plan and deploy --to ${nextMinor(from)} first, then ${to}` };
  }
  if (!SUPPORTED_KUBERNETES_VERSIONS.includes(to)) {
    return { ok: false, message: `Kubernetes ${to} is not catalogued (catalogued: ${SUPPORTED_KUBERNETES_VERSIONS.join(', ')}); add its add-ons, chart pins and kubectl layer to src/config/versions/ first` };
  }

  // The target environment: the same file with the minor raised and nothing left to prepare.
  const target = structuredClone(data) as { cluster: { kubernetesVersion: string; upgradePolicy?: { prepareFor?: string } } };
  target.cluster.kubernetesVersion = to;
  if (target.cluster.upgradePolicy) delete target.cluster.upgradePolicy.prepareFor;
  const targetLoad = validateEnvironment(target);
  const blockers = targetLoad.ok ? [] : targetLoad.problems;

  const moveFirst: ChartMove[] = [];
  const chartsAfter: ChartMove[] = [];
  for (const entry of model.charts.entries) {
    if (!entry.helm) continue;
    // Compared with the pins of the current minor, whether or not prepareFor already moved some.
    const current = selectChartPin(entry.id, from);
    const next = selectChartPin(entry.id, to);
    if (!current || !next || current === next) continue;
    const move = chartMove(entry.id, current, next);
    // A pin that cannot run on the target but whose successor runs on both moves first.
    if (!inRange(to, current.kubernetes) && inRange(from, next.kubernetes)) moveFirst.push(move);
    else chartsAfter.push(move);
  }

  const overrides = (data as { addons?: Record<string, string> }).addons ?? {};
  const change = (name: string, fromVersion: string): VersionChange => {
    const verified = ADDON_VERSIONS[to]?.[name as keyof (typeof ADDON_VERSIONS)[string]];
    return { name, from: fromVersion, to: overrides[name] ?? verified ?? '(unverified)', unverified: !overrides[name] && !verified };
  };
  const release = model.nodeGroup.releaseVersion;
  const first = BOTTLEROCKET_FIRST_RELEASE[to];
  const releaseText = release
    ? `${release} (${first && releaseOlderThan(release.split('-')[0], first) ? `no aws-k8s-${to} image: raise it to ${first} or later` : `its aws-k8s-${to} variant`})`
    : `the newest Bottlerocket release for ${to} at the time of the deploy (unpinned)`;
  const update = model.nodeGroup.update.maxUnavailable !== undefined ? `${model.nodeGroup.update.maxUnavailable} node(s) at a time` : `${model.nodeGroup.update.maxUnavailablePercentage}% of the nodes at a time`;

  const removedApis = removedApiUses(model, to);

  const layer = (minor: string) => {
    const l = minorInfo(minor)?.kubectlLayer;
    return l ? `${l.packageName}@${l.version}` : 'none';
  };
  return {
    ok: true,
    plan: {
      envName: model.envName,
      from,
      to,
      supportType: model.cluster.upgradePolicy.supportType,
      standardSupportEnds: { from: minorInfo(from)?.standardSupportEnds, to: minorInfo(to)?.standardSupportEnds },
      blockers,
      moveFirst,
      prepared: model.cluster.upgradePolicy.prepareFor === to,
      kubectlLayer: { name: 'kubectl layer', from: layer(from), to: layer(to) },
      addonsBeforeNodes: model.addons.filter((a) => a.order === 'before-nodes').map((a) => change(a.name, a.version)),
      nodeGroup: { name: model.nodeGroup.name, release: releaseText, update },
      addonsAfterNodes: model.addons.filter((a) => a.order === 'after-nodes').map((a) => change(a.name, a.version)),
      chartsAfter,
      karpenter: model.karpenter && {
        alias: model.karpenter.amiAlias,
        pools: model.karpenter.nodePools.map((p) => ({
          name: p.name,
          budgets: p.disruption.budgets.map((b) => `${b.nodes}${b.schedule ? ` (${b.schedule} for ${b.duration})` : ''}${b.reasons ? ` [${b.reasons.join(', ')}]` : ''}`).join('; '),
          expireAfter: p.disruption.expireAfter,
        })),
      },
      removedApis,
    },
  };
}
