/**
 * Admission gates: entries whose admission webhooks intercept every CREATE of some kind with
 * `failurePolicy: Fail`. Until such an entry's pods serve, the API server refuses those objects
 * cluster-wide ("no endpoints available for service ..."), so a release that creates one fails and
 * its stack rolls back (kubernetes-sigs/aws-load-balancer-controller#4140). The graph makes that
 * race impossible: an entry that creates a gated kind waits for every enabled gate of that kind.
 * The edges are derived from what entries declare (`admits`, `applies`), so turning a gate off
 * removes them, and a catalog that cannot honour them (a gate in a later phase, a cycle) is
 * rejected. Helm waits for a gate's pods to be Ready, and the gates report Ready only once their
 * webhook server runs (the load balancer controller's `ready-webhook` check, v2.14.1 main.go).
 *
 * Why the graph and not the webhook's failure policy: a fail-open webhook lets objects through
 * unchecked while its pods are down; failing closed is the safe default and ordering removes its
 * cost at install time. Where a webhook gates a kind as common as Service, ordering puts its
 * controller in front of nearly every chart: the load balancer controller's Service mutator did,
 * and was replaced by an in-process ValidatingAdmissionPolicy that needs no pods
 * (src/cluster/load-balancer-class-policy.ts). `Service` stays a gated kind so that entries keep
 * declaring the Services they create, for any gate that admits them.
 */
import type { AdmittedKind, Phase } from '../charts/chart-spec';

export { ADMITTED_KINDS, type AdmittedKind } from '../charts/chart-spec';

export interface AdmissionNode {
  readonly id: string;
  readonly phase: Phase;
  readonly dependsOn?: readonly string[];
  /** Kinds its webhooks intercept on CREATE with failurePolicy Fail. */
  readonly admits?: readonly AdmittedKind[];
  /** Gated kinds among the objects it creates. */
  readonly applies?: readonly AdmittedKind[];
}

export interface AdmissionProblem {
  readonly id: string;
  readonly message: string;
}

/** Position in the primary -> secondary -> application chain; independent entries are outside it. */
const CHAIN: Partial<Record<Phase, number>> = { primary: 0, secondary: 1, application: 2 };

/** The gated kinds of `node` that `gate` admits. */
function passedThrough(node: AdmissionNode, gate: AdmissionNode): AdmittedKind[] {
  return (node.applies ?? []).filter((kind) => gate.admits?.includes(kind));
}

/** The enabled gates `node` must wait for: every other entry whose webhook admits a kind it creates. */
export function admissionDependencies(node: AdmissionNode, active: readonly AdmissionNode[]): string[] {
  return active.filter((gate) => gate.id !== node.id && passedThrough(node, gate).length > 0).map((gate) => gate.id);
}

/** Why `node` cannot wait for `gate` in the phase model, if it cannot. */
function phaseConflict(node: AdmissionNode, gate: AdmissionNode): string | undefined {
  if (node.phase === 'independent') {
    // An independent entry may wait for a primary gate: that is the one wait on the chain it has.
    return gate.phase === 'independent' || gate.phase === 'primary' ? undefined : `"${gate.id}" installs in the ${gate.phase} phase`;
  }
  if (gate.phase === 'independent') return `"${gate.id}" is independent of the chain`;
  const [n, g] = [CHAIN[node.phase], CHAIN[gate.phase]];
  return n !== undefined && g !== undefined && g > n ? `"${gate.id}" installs in a later phase (${gate.phase})` : undefined;
}

/**
 * Every problem of the enabled entries' admission edges: a gate the entry cannot wait for in the
 * phase model, and a gate that independent entries wait for but that waits for non-gates itself
 * (which would hold them back behind the chain). Cycles through these edges are found with the
 * rest of the graph.
 */
export function admissionProblems(active: readonly AdmissionNode[]): AdmissionProblem[] {
  const problems: AdmissionProblem[] = [];
  const byId = new Map(active.map((n) => [n.id, n]));
  for (const node of active) {
    for (const gateId of admissionDependencies(node, active)) {
      const gate = byId.get(gateId)!;
      const conflict = phaseConflict(node, gate);
      if (!conflict) continue;
      problems.push({
        id: node.id,
        message:
          `creates ${passedThrough(node, gate).join(', ')} objects, which the admission webhook of "${gate.id}" (failurePolicy Fail) must admit, ` +
          `so it must install after that webhook serves, but ${conflict}; move one of them so the webhook comes first`,
      });
    }
  }
  const gatesOfIndependents = new Set(active.filter((n) => n.phase === 'independent').flatMap((n) => admissionDependencies(n, active)));
  for (const id of gatesOfIndependents) {
    for (const dep of byId.get(id)!.dependsOn ?? []) {
      const target = byId.get(dep);
      if (target && (target.admits ?? []).length === 0) {
        problems.push({
          id,
          message: `is an admission gate that independent entries wait for, so it may depend only on other gates; its dependency on "${dep}" would hold them back behind the chain`,
        });
      }
    }
  }
  return problems;
}
