/**
 * The chart plan as people read it: phases in order with each entry's version, namespace and
 * dependencies (the `npm run plan` output and the main job's summary), and a Mermaid graph for
 * docs/. Both come from the resolved model, so they show exactly what the stacks deploy.
 */
import type { ChartsModel, ResolvedChart } from '../charts/resolve';
import { PHASES, type Phase } from '../charts/chart-spec';
import type { PlatformModel } from '../config/model';
import { GENERATED } from '../report/docs';
import { table } from '../report/table';

const PHASE_TITLES: Record<Phase, string> = {
  primary: 'Primary: in parallel once the cluster, nodes, add-ons, access and image mirror are ready',
  secondary: 'Secondary: after every primary chart',
  application: 'Application: after the secondary phase (the application chart takes its slot here)',
  independent: 'Independent: waits only for the cluster, the image mirror, the StorageClasses of its claims and the webhooks that admit its objects',
};

/** A few objects are named (EC2NodeClass/bottlerocket, NodePool/spot); more are counted. */
function versionOf(entry: ResolvedChart): string {
  if (entry.helm) return `${entry.helm.chart} ${entry.helm.version}`;
  const objects = entry.manifests ?? [];
  if (objects.length > 0 && objects.length <= 3) return objects.map((o: any) => `${o.kind}/${o.metadata?.name}`).join(', ');
  return `${objects.length} object${objects.length === 1 ? '' : 's'}`;
}

/** Declared dependencies, the webhooks and the StorageClasses it waits for; phase-implied ones are stated once by the phase title. */
function declared(entry: ResolvedChart): string {
  const webhooks = entry.admittedBy.filter((id) => !entry.dependsOn.includes(id));
  return [
    entry.dependsOn.length ? `after ${entry.dependsOn.join(', ')}` : '',
    webhooks.length ? `webhooks of ${webhooks.join(', ')}` : '',
    entry.claimsVolumes ? 'after the StorageClasses (claims volumes)' : '',
  ]
    .filter(Boolean)
    .join('; ');
}

export function planLines(charts: ChartsModel): string[] {
  const lines: string[] = [];
  PHASES.forEach((phase, i) => {
    const entries = charts.entries.filter((e) => e.phase === phase);
    lines.push(`${i + 1}. ${PHASE_TITLES[phase]}`);
    const rows = entries.map((e) => [e.id, versionOf(e), e.namespace, declared(e)]);
    if (phase === 'application') rows.push(['(application chart)', 'slot', 'the environment namespace', 'deployed by the application layer']);
    if (rows.length === 0) rows.push(['(none enabled)', '', '', '']);
    lines.push(...table(rows, '     '));
  });
  lines.push(`   Waves (entries in one wave install in parallel): ${charts.waves.map((w, i) => `${i + 1}) ${w.join(', ')}`).join('; ')}`);
  const mirror = charts.mirror;
  lines.push(
    mirror.enabled
      ? `   Image mirror: ${mirror.rules.map((r) => `${r.prefix}/ <- ${r.registry}`).join(', ')} at ${mirror.registryHost}`
      : '   Image mirror: off (images come from their public registries)',
  );
  return lines;
}

const nodeId = (id: string) => id.replace(/[^A-Za-z0-9]/g, '_');

/** A Mermaid flowchart of the chart graph: one subgraph per phase, declared edges inside. */
export function planMermaid(charts: ChartsModel): string {
  const lines = ['flowchart LR', '  cluster(["cluster stack ready: nodes, add-ons, access, identities"])', '  mirror(["image mirror and log group"])'];
  for (const phase of PHASES) {
    const entries = charts.entries.filter((e) => e.phase === phase);
    lines.push(`  subgraph ${phase}["${phase}"]`);
    lines.push('    direction TB');
    for (const e of entries) lines.push(`    ${nodeId(e.id)}["${e.id}<br/>${versionOf(e)}"]`);
    if (phase === 'application') lines.push('    app_slot[/"application chart slot"/]');
    if (entries.length === 0 && phase !== 'application') lines.push(`    ${phase}_empty["(none enabled)"]`);
    lines.push('  end');
  }
  lines.push('  cluster --> mirror', '  mirror --> primary', '  mirror --> independent', '  primary ==> secondary', '  secondary ==> application');
  for (const e of charts.entries) for (const d of e.dependsOn) lines.push(`  ${nodeId(d)} --> ${nodeId(e.id)}`);
  // Dotted: the entry waits for a webhook that admits its objects (src/plan/admission.ts).
  for (const e of charts.entries) for (const d of e.admittedBy.filter((id) => !e.dependsOn.includes(id))) lines.push(`  ${nodeId(d)} -.-> ${nodeId(e.id)}`);
  return lines.join('\n');
}

/** docs/plan-<env>.md: the plan of one environment, as a table and as a graph. */
export function planDoc(model: PlatformModel): string {
  const { charts } = model;
  const rows = charts.entries.map(
    (e) =>
      `| ${e.phase} | \`${e.id}\` | ${e.helm ? `${e.helm.chart} \`${e.helm.version}\`` : 'Kubernetes objects'} | \`${e.namespace}\` | ${e.dependsOn.map((d) => `\`${d}\``).join(', ')} | ${e.admittedBy.map((d) => `\`${d}\``).join(', ')} |`,
  );
  return [
    `# Chart plan of ${model.envName}`,
    '',
    GENERATED.replace('npm run docs', `npm run plan -- -c env=${model.envName}`),
    '',
    'Thick arrows are the phase order (every chart of a phase waits for every chart of the one',
    'before); thin arrows are dependencies a chart declares; dotted arrows lead from a fail-closed',
    'admission webhook to the charts whose objects it admits. CloudFormation deletes in reverse order.',
    '',
    `Chart delivery: \`${model.chartDelivery.mode}\` (charts.delivery; docs/gitops.md).`,
    '',
    '```mermaid',
    planMermaid(charts),
    '```',
    '',
    '| phase | entry | chart and version | namespace | declared dependencies | admitted by (webhooks) |',
    '|---|---|---|---|---|---|',
    ...rows.sort(),
    '',
    'Deployment waves (one wave installs in parallel):',
    '',
    ...charts.waves.map((w, i) => `${i + 1}. ${w.map((id) => `\`${id}\``).join(', ')}`),
    '',
  ].join('\n');
}
