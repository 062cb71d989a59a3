/**
 * Earliest-start scheduling of a DAG of tasks and its critical path: the model of how
 * CloudFormation creates the resources of a stack (a resource starts once every resource it
 * depends on is complete) and of how `cdk deploy --all --concurrency <n>` runs stacks (a stack
 * starts once every stack it depends on is complete). Works on any DAG; a cycle or an unknown
 * dependency is an error, because neither CloudFormation nor the CLI would deploy it.
 */

export interface Task {
  readonly id: string;
  readonly minutes: number;
  /** Ids of the tasks that must be complete before this one starts. */
  readonly after: readonly string[];
}

export interface Timing {
  readonly start: number;
  readonly finish: number;
}

export interface Schedule {
  /** Start and finish of every task, in minutes from the beginning. */
  readonly timing: ReadonlyMap<string, Timing>;
  /** When the last task finishes. */
  readonly total: number;
  /** The chain of tasks that decides `total`, first to last. */
  readonly path: readonly string[];
}

/** Schedule every task as early as its dependencies allow and find the critical path. */
export function schedule(tasks: readonly Task[]): Schedule {
  const byId = new Map<string, Task>();
  for (const task of tasks) {
    if (byId.has(task.id)) throw new Error(`task "${task.id}" appears twice`);
    if (!(task.minutes >= 0)) throw new Error(`task "${task.id}" has no valid duration (${task.minutes})`);
    byId.set(task.id, task);
  }
  for (const task of tasks) {
    for (const dep of task.after) if (!byId.has(dep)) throw new Error(`task "${task.id}" waits for "${dep}", which is not a task`);
  }

  const timing = new Map<string, Timing>();
  /** The dependency that finished last, i.e. the one that decided a task's start. */
  const decidedBy = new Map<string, string>();
  const visiting = new Set<string>();
  const visit = (id: string, trail: string[]): Timing => {
    const known = timing.get(id);
    if (known) return known;
    if (visiting.has(id)) throw new Error(`dependency cycle: ${[...trail.slice(trail.indexOf(id)), id].join(' -> ')}`);
    visiting.add(id);
    const task = byId.get(id)!;
    let start = 0;
    // Sorted, so that of two dependencies finishing together the same one is always named.
    for (const dep of [...new Set(task.after)].sort()) {
      const finish = visit(dep, [...trail, id]).finish;
      if (!decidedBy.has(id) || finish > start) {
        start = finish;
        decidedBy.set(id, dep);
      }
    }
    visiting.delete(id);
    const result = { start, finish: start + task.minutes };
    timing.set(id, result);
    return result;
  };
  for (const id of [...byId.keys()].sort()) visit(id, []);

  let last: string | undefined;
  for (const id of [...byId.keys()].sort()) {
    if (last === undefined || timing.get(id)!.finish > timing.get(last)!.finish) last = id;
  }
  const path: string[] = [];
  for (let id = last; id !== undefined; id = decidedBy.get(id)) path.unshift(id);
  return { timing, total: last === undefined ? 0 : timing.get(last)!.finish, path };
}

/** The largest number of tasks running at the same moment in a schedule. */
export function widestPoint(timing: ReadonlyMap<string, Timing>): number {
  const events: Array<[number, number]> = [];
  for (const t of timing.values()) {
    if (t.finish <= t.start) continue;
    events.push([t.start, 1], [t.finish, -1]);
  }
  // Ends before starts at the same moment: a task that starts when another ends does not overlap it.
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let running = 0;
  let widest = 0;
  for (const [, delta] of events) {
    running += delta;
    widest = Math.max(widest, running);
  }
  return widest;
}
