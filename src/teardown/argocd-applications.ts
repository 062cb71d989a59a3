/**
 * The teardown's first step in argocd delivery (charts.delivery: argocd). There, no Helm release of
 * CloudFormation installs the charts: Argo CD Applications do, with self-heal, so a NodePool or a
 * load balancer Service that the next step deletes would be put back at once. The Applications
 * whose objects make AWS resources outside CloudFormation (the catalog entries whose `creates`
 * names load balancers or nodes) and the application chart's Application are therefore deleted
 * first, through the Kubernetes API, highest sync wave first, each wave gone before the next:
 *
 * - every Application carries `resources-finalizer.argocd.argoproj.io` (src/gitops/argocd-objects.ts):
 *   Argo CD's controller then deletes what the Application deployed, each object with foreground
 *   propagation, and removes the finalizer only once none is left (controller/appcontroller.go,
 *   finalizeApplicationDeletion, at v3.5.1). An Application that is gone has left nothing behind: a
 *   NodePool's nodes are terminated, a Service's load balancer is deleted;
 * - the delete itself asks for foreground propagation, so the Application also stays visible until
 *   anything that names it as owner is gone: waiting for it to disappear waits for everything;
 * - the order is the plan's, reversed (the sync waves come from the phase graph), so an Application
 *   goes while the controllers it depends on (Karpenter, the load balancer controller: never in
 *   this list) still run.
 * Every wait is bounded; what is still there is reported with the commands that fix it.
 */
import type { PlatformModel } from '../config/model';
import type { CloudResource } from '../charts/chart-spec';
import { applicationWave, syncWaves } from '../gitops/catalog-applications';
import { RESOURCES_FINALIZER } from '../gitops/argocd-objects';
import type { ApplicationState, KubernetesApi, ObjectRef, PropagationPolicy } from './kubernetes';
import { errorLine, type StepContext } from './step';

/** One Application the teardown deletes. */
export interface ArgoApplicationTarget {
  readonly name: string;
  /** The namespace the capability watches. */
  readonly namespace: string;
  /** Its sync wave, as the charts and application stacks annotate it. */
  readonly wave: number;
  /** Why it goes first: what its objects make. */
  readonly reason: string;
}

/** The Applications of one sync wave. */
export interface ArgoApplicationWave {
  readonly wave: number;
  readonly applications: readonly ArgoApplicationTarget[];
}

const MAKES: Record<CloudResource, string> = { 'load-balancers': 'load balancers', nodes: 'Karpenter nodes' };

/** Foreground: the Application stays visible until everything it owns is gone, so its disappearance is the signal. */
export const APPLICATION_PROPAGATION: PropagationPolicy = 'Foreground';

/**
 * The Applications to delete, by wave, highest wave first; none in cloudformation delivery. The
 * application chart's Application is always listed: whether it exists depends on the version a
 * deploy was given (`-c appVersion`), which the environment file need not name, so the teardown
 * looks, and an absent one is done.
 */
export function argoCdTeardownWaves(model: PlatformModel): ArgoApplicationWave[] {
  const delivery = model.chartDelivery;
  if (delivery.mode !== 'argocd') return [];
  const namespace = delivery.argocd.namespace;
  const waves = syncWaves(model.charts);
  const targets: ArgoApplicationTarget[] = model.charts.entries
    .filter((e) => e.creates.length > 0)
    .map((e) => ({ name: e.id, namespace, wave: waves.get(e.id)!, reason: e.creates.map((c) => MAKES[c]).join(', ') }));
  targets.push({
    name: model.application.release,
    namespace,
    wave: applicationWave(model.charts),
    reason: 'the application chart, last wave: its StatefulSets hold volumes',
  });
  const byWave = new Map<number, ArgoApplicationTarget[]>();
  for (const t of targets) byWave.set(t.wave, [...(byWave.get(t.wave) ?? []), t]);
  return [...byWave.entries()].sort(([a], [b]) => b - a).map(([wave, applications]) => ({ wave, applications }));
}


export interface ArgoStepResult {
  readonly removed: string[];
  readonly problems: string[];
}

const describe = (a: ArgoApplicationTarget) => `Application ${a.namespace}/${a.name}`;
const ref = (a: ArgoApplicationTarget): ObjectRef => ({ namespace: a.namespace, name: a.name });

/** Argo CD deletes what the Application deployed (foreground, or background with the `/background` variant). */
function cascades(state: ApplicationState): boolean {
  return state.finalizers.some((f) => f === RESOURCES_FINALIZER || f.startsWith(`${RESOURCES_FINALIZER}/`));
}

/** What to run by hand when an Application does not go. */
function stuckAdvice(a: ArgoApplicationTarget): string {
  return (
    `\`kubectl describe application ${a.name} -n ${a.namespace}\` shows what it still holds (a NodePool waits for its nodes to drain, a Service for its load balancer); fix that and run the teardown again; ` +
    `as a last resort stop the cascade with \`kubectl patch application ${a.name} -n ${a.namespace} --type json -p '[{"op":"remove","path":"/metadata/finalizers"}]'\` ` +
    '(its objects stay; the next run deletes the ones that make AWS resources)'
  );
}

/** Delete the waves in order, each waited for; a dry run only reads. */
export async function deleteArgoCdApplications(
  waves: readonly ArgoApplicationWave[],
  kubernetes: () => Promise<KubernetesApi>,
  ctx: StepContext,
): Promise<ArgoStepResult> {
  const removed: string[] = [];
  const problems: string[] = [];
  const { log } = ctx;
  let k8s: KubernetesApi;
  try {
    k8s = await kubernetes();
  } catch (e) {
    for (const w of waves) for (const a of w.applications) log(`   wave ${w.wave}: ${describe(a)} (${a.reason}): not looked at`);
    const names = waves.flatMap((w) => w.applications.map((a) => a.name)).join(', ');
    problems.push(`Argo CD Applications (${names}): not deleted, the Kubernetes API is unreachable (${errorLine(e)})`);
    return { removed, problems };
  }

  for (const [i, w] of waves.entries()) {
    // Look at each Application of the wave.
    const present: Array<[ArgoApplicationTarget, ApplicationState]> = [];
    for (const a of w.applications) {
      let state: ApplicationState | undefined;
      try {
        state = await k8s.getApplication(ref(a));
      } catch (e) {
        problems.push(`${describe(a)}: could not read it (${errorLine(e)})`);
        continue;
      }
      if (!state) {
        log(`   wave ${w.wave}: ${describe(a)} (${a.reason}): absent`);
        continue;
      }
      present.push([a, state]);
      const doing = state.deleting ? 'already being deleted' : ctx.act ? 'deleting' : 'would delete';
      const how = cascades(state)
        ? `(cascade, ${APPLICATION_PROPAGATION.toLowerCase()} propagation)`
        : `(no cascade: it lacks ${RESOURCES_FINALIZER}, so its objects stay and the next step deletes those that make AWS resources)`;
      log(`   wave ${w.wave}: ${describe(a)} (${a.reason}): ${doing} ${how}`);
    }
    if (!ctx.act) {
      removed.push(...present.map(([a]) => describe(a)));
      continue;
    }
    const left = (rest: readonly ArgoApplicationWave[]) => [{ wave: w.wave, applications: present.map(([a]) => a) }, ...rest];
    if (problems.length > 0) return stop(left(waves.slice(i + 1)), problems, removed, `wave ${w.wave} could not be read`);

    // Delete those still there, then wait, bounded, until the whole wave is gone.
    for (const [a, state] of present) {
      if (state.deleting) continue;
      try {
        await k8s.deleteApplication(ref(a), APPLICATION_PROPAGATION);
      } catch (e) {
        problems.push(`${describe(a)}: could not delete (${errorLine(e)})`);
      }
    }
    if (problems.length > 0) return stop(waves.slice(i + 1), problems, removed, `wave ${w.wave} could not be deleted`);
    let waiting = present.map(([a]) => a);
    if (waiting.length > 0) log(`   wave ${w.wave}: waiting up to ${ctx.waitMinutes} min for ${waiting.map((a) => a.name).join(', ')} to go`);
    const deadline = ctx.now() + ctx.waitMinutes * 60_000;
    while (waiting.length > 0) {
      const still: ArgoApplicationTarget[] = [];
      for (const a of waiting) {
        try {
          if (await k8s.getApplication(ref(a))) still.push(a);
          else {
            log(`   wave ${w.wave}: ${describe(a)}: gone`);
            removed.push(describe(a));
          }
        } catch (e) {
          problems.push(`${describe(a)}: could not read it while waiting (${errorLine(e)})`);
        }
      }
      if (problems.length > 0) return stop(waves.slice(i + 1), problems, removed, `wave ${w.wave} could not be checked`);
      waiting = still;
      if (waiting.length === 0) break;
      if (ctx.now() >= deadline) {
        for (const a of waiting) problems.push(`${describe(a)} (wave ${w.wave}): still there after ${ctx.waitMinutes} min; ${stuckAdvice(a)}`);
        return stop(waves.slice(i + 1), problems, removed, `wave ${w.wave} is still there`);
      }
      await ctx.sleep(ctx.pollSeconds * 1000);
    }
  }
  return { removed, problems };
}

/** Lower waves wait for the higher ones: never delete them out of order, say why they are left. */
function stop(rest: readonly ArgoApplicationWave[], problems: string[], removed: string[], why: string): ArgoStepResult {
  for (const w of rest) for (const a of w.applications) problems.push(`${describe(a)} (wave ${w.wave}): not deleted, ${why}; run the teardown again once it is fixed`);
  return { removed, problems };
}
