/**
 * The chart dependency graph (SPEC section 6) and its checks. Phases imply edges: every secondary
 * entry waits for every primary one, every application entry for every secondary one; independent
 * entries (Prometheus) wait for nothing in that chain. Entries add explicit edges inside a phase
 * (Istio: base, istiod, cni, ztunnel) or to an earlier phase.
 */
import { CLEANUP_CONTROLLERS, PHASES, type CloudResource, type Phase } from '../charts/chart-spec';
import { admissionDependencies, admissionProblems, type AdmissionNode } from './admission';

export { CLEANUP_CONTROLLERS, type CloudResource };

export interface GraphNode extends AdmissionNode {
  readonly id: string;
  readonly phase: Phase;
  readonly dependsOn?: readonly string[];
  /** AWS resources that a controller creates for this entry's objects. */
  readonly creates?: readonly CloudResource[];
}

export interface GraphProblem {
  /** The entry the problem is about. */
  readonly id: string;
  readonly message: string;
}

const RESOURCE_WORDS: Record<CloudResource, string> = { 'load-balancers': 'AWS load balancers', nodes: 'EC2 nodes' };

/** Position in the primary -> secondary -> application chain; independent entries are outside it. */
const CHAIN: Partial<Record<Phase, number>> = { primary: 0, secondary: 1, application: 2 };

function phaseProblem(node: GraphNode, dep: GraphNode): string | undefined {
  if (node.phase === 'independent') {
    return dep.phase === 'independent'
      ? undefined
      : `is independent of the primary/secondary chain, so it cannot wait for "${dep.id}" (${dep.phase}); make it depend on independent charts only, or move it into the chain`;
  }
  if (dep.phase === 'independent') {
    return `depends on "${dep.id}", which is independent of the primary/secondary chain; a chart in the chain cannot wait for it`;
  }
  if (CHAIN[dep.phase]! > CHAIN[node.phase]!) {
    return `(${node.phase}) depends on "${dep.id}" (${dep.phase}): a chart may depend only on charts of its own phase or an earlier one (order: primary, secondary, application)`;
  }
  return undefined;
}

/** Every problem of the graph formed by the enabled entries: unknown, disabled, wrong-phase and cyclic dependencies. */
export function graphProblems(nodes: readonly GraphNode[], enabled: ReadonlySet<string>): GraphProblem[] {
  const problems: GraphProblem[] = [];
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const active = nodes.filter((n) => enabled.has(n.id));

  for (const node of active) {
    if (!(PHASES as readonly string[]).includes(node.phase)) {
      problems.push({ id: node.id, message: `has unknown phase "${node.phase}"; use one of ${PHASES.join(', ')}` });
      continue;
    }
    for (const depId of node.dependsOn ?? []) {
      const dep = byId.get(depId);
      if (!dep) {
        problems.push({ id: node.id, message: `depends on "${depId}", which is not in the chart catalog (known: ${[...byId.keys()].join(', ')})` });
      } else if (!enabled.has(depId)) {
        problems.push({ id: node.id, message: `depends on "${depId}", which is disabled: enable charts.${depId} or disable charts.${node.id}` });
      } else if (depId !== node.id) {
        const wrong = phaseProblem(node, dep);
        if (wrong) problems.push({ id: node.id, message: wrong });
      }
    }
  }
  problems.push(...cycleProblems(active, enabled));
  // Install safety: what creates objects a fail-closed webhook admits waits for that webhook.
  problems.push(...admissionProblems(active));

  // Deletion safety: whatever makes a controller create AWS resources goes before that controller.
  for (const node of active) {
    for (const made of node.creates ?? []) {
      const controller = CLEANUP_CONTROLLERS[made];
      if (!reaches(node.id, controller, byId, enabled)) {
        problems.push({
          id: node.id,
          message: `makes ${RESOURCE_WORDS[made]}, so it must depend on "${controller}" (which deletes them when it is removed); add it to dependsOn and keep that chart enabled`,
        });
      }
    }
  }
  return problems;
}

function cycleProblems(active: readonly GraphNode[], enabled: ReadonlySet<string>): GraphProblem[] {
  const byId = new Map(active.map((n) => [n.id, n]));
  const state = new Map<string, 'visiting' | 'done'>();
  const problems: GraphProblem[] = [];
  const reported = new Set<string>();
  const visit = (id: string, path: string[]) => {
    state.set(id, 'visiting');
    const node = byId.get(id);
    for (const dep of node ? [...(node.dependsOn ?? []), ...admissionDependencies(node, active)] : []) {
      if (!enabled.has(dep) || !byId.has(dep)) continue;
      if (state.get(dep) === 'visiting') {
        const cycle = [...path.slice(path.indexOf(dep)), dep];
        const key = [...new Set(cycle)].sort().join(',');
        if (!reported.has(key)) {
          reported.add(key);
          problems.push({ id: dep, message: `is part of a dependency cycle: ${cycle.join(' -> ')}; remove one of these dependencies` });
        }
      } else if (!state.has(dep)) {
        visit(dep, [...path, dep]);
      }
    }
    state.set(id, 'done');
  };
  for (const node of active) if (!state.has(node.id)) visit(node.id, [node.id]);
  return problems;
}

function reaches(from: string, to: string, byId: ReadonlyMap<string, GraphNode>, enabled: ReadonlySet<string>): boolean {
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length > 0) {
    const id = stack.pop()!;
    for (const dep of byId.get(id)?.dependsOn ?? []) {
      if (dep === to && enabled.has(to)) return true;
      if (!seen.has(dep) && enabled.has(dep)) {
        seen.add(dep);
        stack.push(dep);
      }
    }
  }
  return false;
}

/** What every entry of a phase waits for because of its phase alone. */
export function impliedDependencies(nodes: readonly GraphNode[], phase: Phase): string[] {
  const inPhase = (p: Phase) => nodes.filter((n) => n.phase === p).map((n) => n.id);
  if (phase === 'secondary') return inPhase('primary');
  // With no secondary entry, the application phase follows the primary one directly.
  if (phase === 'application') return inPhase('secondary').length > 0 ? inPhase('secondary') : inPhase('primary');
  return [];
}

/**
 * Each enabled entry's dependencies: its explicit ones, those its phase implies and the admission
 * gates its objects pass through (src/plan/admission.ts). Call only on the enabled entries of a
 * graph without problems.
 */
export function effectiveDependencies(nodes: readonly GraphNode[]): Map<string, string[]> {
  return new Map(
    nodes.map((n) => [
      n.id,
      [...new Set([...impliedDependencies(nodes, n.phase), ...(n.dependsOn ?? []), ...admissionDependencies(n, nodes)])].filter((d) => d !== n.id).sort(),
    ]),
  );
}

/**
 * Deployment waves: each wave holds the entries whose dependencies are all in earlier waves, so
 * a wave's entries install in parallel. Call only on a graph without problems.
 */
export function deploymentWaves(nodes: readonly GraphNode[]): string[][] {
  const deps = effectiveDependencies(nodes);
  const placed = new Set<string>();
  const waves: string[][] = [];
  while (placed.size < nodes.length) {
    const wave = nodes.filter((n) => !placed.has(n.id) && deps.get(n.id)!.every((d) => placed.has(d))).map((n) => n.id);
    if (wave.length === 0) throw new Error(`chart graph has a cycle among ${nodes.filter((n) => !placed.has(n.id)).map((n) => n.id).join(', ')}`);
    wave.forEach((id) => placed.add(id));
    waves.push(wave);
  }
  return waves;
}
