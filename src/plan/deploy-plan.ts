/**
 * The modelled deploy of one environment, read from its synthesized cloud assembly: every stack
 * is the DAG of its resources (src/plan/resource-graph.ts) timed with src/plan/durations.ts,
 * and the stacks form the DAG the CDK records (each stack artifact's dependencies), deployed by
 * `cdk deploy --all --concurrency <n>`: a stack starts when every stack it depends on is
 * complete. No stack is named here, so any graph of stacks (an application or delivery stack
 * included) is modelled as it is synthesized.
 */
import type { CloudAssembly, CloudFormationStackArtifact } from 'aws-cdk-lib/cx-api';
import { stackDependencies } from '../report/assembly';
import { schedule, widestPoint, type Task } from './critical-path';
import { minutesOf, STACK_OVERHEAD } from './durations';
import { resourceGraph, type Template } from './resource-graph';

/** Target of issue 13: a full platform, data services included, in at most this many minutes. */
export const DEPLOY_TARGET_MINUTES = 30;

/**
 * The `--concurrency` of the documented deploy command. It must be at least the number of stacks
 * the plan runs at once (its widest point), or the CLI holds back a stack that could start; above
 * that it changes nothing. The plan reports a graph that outgrows it.
 */
export const DEPLOY_CONCURRENCY = 3;

export interface ResourceStep {
  readonly logicalId: string;
  readonly type: string;
  /** Which entry of the durations table applied. */
  readonly key: string;
  readonly minutes: number;
  /** Minutes from the start of its stack's resources. */
  readonly start: number;
  readonly finish: number;
}

export interface StackPlan {
  readonly name: string;
  readonly dependencies: readonly string[];
  readonly resourceCount: number;
  /** The stack's modelled duration: overhead plus its resources' critical path. */
  readonly minutes: number;
  /** Minutes from the start of the deploy. */
  readonly start: number;
  readonly finish: number;
  /** The resources that decide the stack's duration, in order. */
  readonly path: readonly ResourceStep[];
  /** Resource types with no entry in the durations table (modelled with the default). */
  readonly unknownTypes: readonly string[];
}

export interface DeployPlan {
  readonly stacks: readonly StackPlan[];
  readonly total: number;
  /** Stack names on the critical path, first to last. */
  readonly criticalStacks: readonly string[];
  /** The most stacks deploying at the same moment. */
  readonly widestPoint: number;
}

/** One stack's resources as a schedule; its duration is its critical path plus the change-set overhead. */
export function stackSchedule(template: Template): { minutes: number; path: ResourceStep[]; resourceCount: number; unknownTypes: string[] } {
  const nodes = resourceGraph(template);
  const figures = new Map(nodes.map((n) => [n.logicalId, minutesOf(n)]));
  const result = schedule(nodes.map((n): Task => ({ id: n.logicalId, minutes: figures.get(n.logicalId)!.minutes, after: n.after })));
  const byId = new Map(nodes.map((n) => [n.logicalId, n]));
  const path = result.path.map((id): ResourceStep => {
    const figure = figures.get(id)!;
    const t = result.timing.get(id)!;
    return { logicalId: id, type: byId.get(id)!.type, key: figure.key, minutes: figure.minutes, start: t.start, finish: t.finish };
  });
  const unknownTypes = [...new Set([...figures.values()].filter((f) => f.key.endsWith('(not in the table)')).map((f) => f.key))].sort();
  return { minutes: STACK_OVERHEAD.minutes + result.total, path, resourceCount: nodes.length, unknownTypes };
}

/** Plan every stack of an assembly, and the deploy as a whole. */
export function deployPlan(assembly: CloudAssembly): DeployPlan {
  return planStacks(
    assembly.stacks.map((s: CloudFormationStackArtifact) => ({ name: s.stackName, dependencies: stackDependencies(s), template: s.template as Template })),
  );
}

export interface StackInput {
  readonly name: string;
  readonly dependencies: readonly string[];
  readonly template: Template;
}

/** The plan of any set of stacks and their dependencies (the assembly's, or a hand-built one in tests). */
export function planStacks(stacks: readonly StackInput[]): DeployPlan {
  const perStack = new Map(stacks.map((s) => [s.name, stackSchedule(s.template)]));
  const result = schedule(stacks.map((s) => ({ id: s.name, minutes: perStack.get(s.name)!.minutes, after: s.dependencies })));
  const plans = stacks
    .map((s): StackPlan => {
      const own = perStack.get(s.name)!;
      const t = result.timing.get(s.name)!;
      return { name: s.name, dependencies: [...s.dependencies], resourceCount: own.resourceCount, minutes: own.minutes, start: t.start, finish: t.finish, path: own.path, unknownTypes: own.unknownTypes };
    })
    .sort((a, b) => a.start - b.start || a.finish - b.finish || a.name.localeCompare(b.name));
  return { stacks: plans, total: result.total, criticalStacks: result.path, widestPoint: widestPoint(result.timing) };
}
