/**
 * The modelled deploy as people read it: the stacks with their start, duration and end, and the
 * critical path through stacks and resources (`npm run plan`), one summary line (`npm start`,
 * `npm run bench`), and docs/deploy-time.md with the durations table and each shipped
 * environment's plan.
 */
import { GENERATED } from '../report/docs';
import { table } from '../report/table';
import { DEPLOY_CONCURRENCY, DEPLOY_TARGET_MINUTES, type DeployPlan, type StackPlan } from './deploy-plan';
import { HELM_CHART_MINUTES, HELM_RELEASE, KUBERNETES_OBJECTS, RESOURCE_MINUTES, STACK_OVERHEAD, UNKNOWN_TYPE, VARIANTS } from './durations';

const min = (n: number) => n.toFixed(1);

/** A logical id without CDK's hash suffix, for reading (`EksClusterB2BDED5B` -> `EksCluster`). */
export function readableId(logicalId: string): string {
  return logicalId.length > 8 ? logicalId.replace(/[0-9A-F]{8}$/, '') : logicalId;
}

export function verdict(minutes: number): string {
  return minutes <= DEPLOY_TARGET_MINUTES
    ? `within the ${DEPLOY_TARGET_MINUTES}-minute target`
    : `over the ${DEPLOY_TARGET_MINUTES}-minute target by ${min(minutes - DEPLOY_TARGET_MINUTES)}`;
}

/** `network 3.4 -> data 19.1 -> ...`: the stacks of the critical path with their minutes. */
export function criticalStacksText(plan: DeployPlan, prefix = ''): string {
  const byName = new Map(plan.stacks.map((s) => [s.name, s]));
  return plan.criticalStacks.map((name) => `${name.startsWith(prefix) ? name.slice(prefix.length) : name} ${min(byName.get(name)!.minutes)}`).join(' -> ');
}

/** The one line of the main job's summary and the benchmark. */
export function planSummaryLine(plan: DeployPlan, prefix = ''): string {
  return `${min(plan.total)} min (${verdict(plan.total)}); critical path ${criticalStacksText(plan, prefix)}`;
}

function concurrencyLine(plan: DeployPlan): string {
  const enough = plan.widestPoint <= DEPLOY_CONCURRENCY;
  return (
    `At most ${plan.widestPoint} ${plan.widestPoint === 1 ? 'stack deploys' : 'stacks deploy'} at the same time; ` +
    (enough
      ? `cdk deploy --all --concurrency ${DEPLOY_CONCURRENCY} lets each start as soon as the stacks it depends on are complete.`
      : `WARNING: --concurrency ${DEPLOY_CONCURRENCY} (README) holds some back; raise DEPLOY_CONCURRENCY and the documented command to ${plan.widestPoint}.`)
  );
}

function stackRows(stacks: readonly StackPlan[]): string[][] {
  return stacks.map((s) => [s.name, s.dependencies.join(', ') || '-', String(s.resourceCount), min(s.minutes), min(s.start), min(s.finish)]);
}

/** `npm run plan`: the stacks, then every resource of the critical path. */
export function deployPlanLines(plan: DeployPlan, envName: string): string[] {
  const lines = [`Deploy plan of ${envName}: ${min(plan.total)} modelled minutes, ${verdict(plan.total)}`, ''];
  lines.push('Stacks (a stack starts when every stack it depends on is complete):');
  lines.push(...table([['stack', 'after', 'resources', 'minutes', 'start', 'end'], ...stackRows(plan.stacks)]));
  lines.push(`  ${concurrencyLine(plan)}`, '');
  lines.push(`Critical path (${min(plan.total)} min), stack by stack, with the resources that decide each stack's duration:`);
  const byName = new Map(plan.stacks.map((s) => [s.name, s]));
  for (const name of plan.criticalStacks) {
    const s = byName.get(name)!;
    lines.push(`  ${s.name}: ${min(s.start)} -> ${min(s.finish)} (change set ${min(STACK_OVERHEAD.minutes)} + resources ${min(s.minutes - STACK_OVERHEAD.minutes)})`);
    const offset = s.start + STACK_OVERHEAD.minutes;
    lines.push(...table(s.path.map((r) => [`${min(offset + r.start)} -> ${min(offset + r.finish)}`, `${r.minutes.toFixed(2)} min`, readableId(r.logicalId), r.key]), '      '));
  }
  const unknown = [...new Set(plan.stacks.flatMap((s) => s.unknownTypes))];
  if (unknown.length > 0) lines.push('', `Types without a figure (modelled at ${UNKNOWN_TYPE.minutes} min): ${unknown.join(', ')}; add them to src/plan/durations.ts`);
  lines.push('', 'Figures and their sources: src/plan/durations.ts, docs/deploy-time.md. The model compares designs; real deploys vary by region and load.');
  return lines;
}

function sourceTable(rows: Array<[string, { minutes: number; source: string }]>): string[] {
  return ['| what | minutes | source |', '|---|---|---|', ...rows.map(([what, f]) => `| ${what} | ${f.minutes} | ${f.source} |`)];
}

/** What the model led to, and what stays on the critical path on purpose (docs/deploy-time.md). */
const DESIGN_NOTES = [
  '## What decides the total',
  '',
  '- **The charts wait for the cluster only.** The `efs` StorageClass names the data stack\'s file system,',
  '  so the application stack applies it (the one stack that reads the data stack); the charts stack',
  '  reads nothing of the data services and installs while the databases are being created.',
  '- **Only claims wait for StorageClasses.** An entry whose objects claim volumes (`claimsVolumes`:',
  '  Prometheus) installs after the block classes; no other entry waits for them.',
  '- **No chart waits for the load balancer controller to create a Service.** Its fail-closed Service',
  '  webhook put the controller in front of every chart that creates one; it is off, and a',
  '  ValidatingAdmissionPolicy applied by the cluster stack requires the NLB class instead, in the API',
  '  server, with no pods to wait for ([charts.md](charts.md)).',
  '- **The application layer follows what it reads.** Without a version it holds roles, the namespace,',
  '  service accounts, secrets and the `efs` class: it waits for the data and cluster stacks and deploys',
  '  beside the charts. With a version its release follows the charts stack (the gateway, the operator,',
  '  the CSI driver), so a deploy with `-c appVersion=<tag>` adds the application stack after the charts.',
  '- **Kept on purpose: Aurora creates its readers after its writer.** aws-cdk-lib makes every reader',
  '  depend on the writer: created in parallel, whichever instance Aurora registers first becomes the',
  '  writer, and the instance the template calls the writer (promotion tier 0) may start as a reader',
  '  (aws/aws-cdk#30260, fixed by #30277). The same dependency makes CloudFormation update one instance',
  '  at a time, which aws-cdk-lib\'s README names as the way to avoid "significant downtime" when every',
  '  instance changes (an instance class change): the application reads through the reader endpoint,',
  '  which stays up while the writer is modified. With two instances (prod) this adds one instance',
  '  creation to the data stack on a first deploy, which is then the critical path; later deploys do',
  '  not create instances.',
  '- **DocumentDB\'s instances are created side by side.** `AWS::DocDB::DBInstance` has no promotion tier:',
  '  every instance has the default tier and the same class, so no instance is designated the primary',
  '  and none can be the wrong one (aws-cdk-lib\'s aws-docdb creates them in parallel too). An instance',
  '  class change then modifies them together.',
];

/** docs/deploy-time.md: how the deploy is modelled, the durations table, and each environment's plan. */
export function deployTimeDoc(plans: ReadonlyArray<{ envName: string; plan: DeployPlan }>): string {
  const lines = [
    '# Deploy time',
    '',
    GENERATED,
    '',
    `Deploy every stack of an environment with \`npx cdk deploy --all --concurrency ${DEPLOY_CONCURRENCY} -c env=<name>\`: the CLI`,
    'starts a stack as soon as every stack it depends on is complete, so stacks that do not depend on each',
    `other run side by side. ${DEPLOY_CONCURRENCY} is at least the number of stacks the plan ever runs at once; a higher`,
    'number changes nothing. `npm run plan` prints the plan of any environment; `npm start` prints its total.',
    '',
    'How the plan is modelled: the stack graph is the one the CDK app records (each stack artifact\'s',
    'dependencies), read from the synthesized assembly, never from a list. Inside a stack, a resource starts',
    'when every resource in its `DependsOn` and every resource its properties read (`Ref`, `Fn::GetAtt`,',
    '`Fn::Sub`) is complete, as CloudFormation does it. Each resource takes the typical time of its type',
    '(below); a stack takes its critical path plus the change set. The critical path is the chain of stacks',
    'and resources that decides the total. Real deploys vary by region and load: the model compares',
    `designs and finds waste, it does not promise a wall-clock time. Target: ${DEPLOY_TARGET_MINUTES} minutes for a full platform.`,
    '',
  ];
  lines.push(...DESIGN_NOTES, '');
  for (const { envName, plan } of plans) {
    lines.push(`## ${envName}: ${min(plan.total)} modelled minutes (${verdict(plan.total)})`, '');
    lines.push('| stack | after | resources | minutes | start | end |', '|---|---|---|---|---|---|');
    for (const row of stackRows(plan.stacks)) lines.push(`| ${row.join(' | ')} |`);
    lines.push('', concurrencyLine(plan), '', 'Critical path:', '');
    const byName = new Map(plan.stacks.map((s) => [s.name, s]));
    for (const name of plan.criticalStacks) {
      const s = byName.get(name)!;
      lines.push(`- \`${s.name}\` (${min(s.start)} to ${min(s.finish)}): ${s.path.map((r) => `${readableId(r.logicalId)} ${r.minutes}`).join(' → ')}`);
    }
    lines.push('');
  }
  lines.push('## Typical creation times', '', 'By CloudFormation resource type (src/plan/durations.ts):', '');
  lines.push(...sourceTable(Object.entries(RESOURCE_MINUTES).sort(([a], [b]) => a.localeCompare(b))));
  lines.push('', 'Where a property decides, and the kubectl provider\'s resources:', '');
  lines.push(
    ...sourceTable([
      ['interface VPC endpoint', VARIANTS.interfaceEndpoint],
      ['gateway VPC endpoint', VARIANTS.gatewayEndpoint],
      ['Lambda function in a VPC', VARIANTS.lambdaInVpc],
      ['secret rotation hosted by Secrets Manager', VARIANTS.hostedRotation],
      ['Helm release (any other chart)', HELM_RELEASE],
      ...Object.entries(HELM_CHART_MINUTES).map(([chart, f]): [string, typeof f] => [`Helm chart \`${chart}\``, f]),
      ['Kubernetes objects (kubectl apply)', KUBERNETES_OBJECTS],
      ['a type not in the table', UNKNOWN_TYPE],
      ['every stack (change set)', STACK_OVERHEAD],
    ]),
  );
  lines.push('');
  return lines.join('\n');
}
