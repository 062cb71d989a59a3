/** docs/charts.md: the chart catalog, its phases, the image mirror and what each environment enables. */
import { CHART_CATALOG } from '../charts/catalog';
import { registriesOf } from '../charts/enabled';
import { REGISTRIES } from '../charts/registries';
import type { PlatformModel } from '../config/model';
import { GENERATED } from './docs';

export function chartsDoc(models: readonly PlatformModel[]): string {
  const enabledIn = (id: string) => models.filter((m) => m.charts.entries.some((e) => e.id === id)).map((m) => m.envName).join(', ') || 'none';
  const rows = CHART_CATALOG.map((e) => {
    const source = e.kind === 'helm' ? `${e.repository} \`${e.chart}\` \`${e.version}\`` : 'Kubernetes objects';
    const deps = (e.dependsOn ?? []).map((d) => `\`${d}\``).join(', ');
    const def = e.switchedBy ? `with \`${e.switchedBy}\`` : typeof e.defaultEnabled === 'function' ? 'when a Route 53 zone is set' : e.defaultEnabled ? 'on' : 'off';
    return `| \`${e.id}\` | ${e.phase} | ${source} | \`${e.namespace}\` | ${deps} | ${e.roleId ? `\`${e.roleId}\`` : ''} | ${def} | ${enabledIn(e.id)} | ${e.purpose} |`;
  });
  const registries = Object.entries(REGISTRIES).map(([id, r]) => {
    const users = CHART_CATALOG.filter((e) => registriesOf(e).includes(id as keyof typeof REGISTRIES)).map((e) => `\`${e.id}\``);
    return `| \`${id}\` | \`${r.host}\` | \`<env>/${id}\` | ${r.credential ? `\`imageMirror.credentials.${r.credential}\`` : 'none'} | ${users.join(', ')} |`;
  });
  return [
    '# Helm chart catalog',
    '',
    GENERATED,
    '',
    'Every platform chart is an entry of `src/charts/catalog/` with its repository, exact version',
    '(`src/config/versions.ts`), namespace, phase, declared dependencies, the workload identity role it',
    'runs with and typed values. An environment turns entries on or off under `charts`:',
    '',
    '```json',
    '"charts": { "echo-server": { "enabled": false }, "rabbitmq-cluster-operator": { "enabled": true } }',
    '```',
    '',
    'Turning a chart off removes its release and its IAM role. Synthesis refuses a catalog whose',
    'graph is broken: a dependency on a disabled or unknown entry, a cycle, a dependency on a later',
    'phase, or anything that makes AWS load balancers or EC2 nodes without depending on the controller',
    'that deletes them (the load balancer controller, Karpenter), which must outlive it. The Karpenter',
    'entries follow `karpenter.enabled` ([capacity.md](capacity.md)) and cannot be toggled here.',
    '',
    '## Phases',
    '',
    '1. **Primary**: in parallel, once the cluster stack is complete (cluster, node group, add-ons,',
    '   access entries, service accounts and roles) and the image mirror exists. Inside Istio:',
    '   base, then istiod and cni side by side, then ztunnel after cni: the order of Istio\'s own',
    '   installer at 1.30 (`componentDependencies` in istio/istio `operator/pkg/install/install.go`).',
    '2. **Secondary**: the Istio ingress gateway, after every primary entry.',
    '3. **Application**: after the secondary phase. The echo server proves the path; the',
    '   application chart takes the slot (`ApplicationSlot` output of the charts stack).',
    '4. **Independent**: Prometheus, after the cluster and the mirror only.',
    '',
    'Each Helm release waits until its pods are ready (`wait`, 10 minutes), so a phase is complete',
    'only when it runs. No wait may outlive the kubectl handler\'s 15-minute Lambda call: validation',
    'rejects a timeout that, with the handler\'s own work, does not end well inside it',
    '(`src/plan/lambda-budget.ts`). `npm run plan -- -c env=NAME` prints the plan and writes `docs/plan-<env>.md`.',
    '',
    '## Catalog',
    '',
    '| entry | phase | source | namespace | declared dependencies | role | default | enabled in | purpose |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    '## Image mirror',
    '',
    'With `imageMirror.enabled`, the charts stack creates one ECR pull-through cache rule per public',
    'registry the enabled charts use, with a repository creation template (KMS encryption, untagged',
    'images expire after 14 days), and every image value of every chart points at',
    '`<account>.dkr.ecr.<region>.amazonaws.com/<env>/<registry>/...`. The node role may create',
    'repositories and import images under those prefixes only. Docker Hub and GitHub need a',
    'Secrets Manager secret named `ecr-pullthroughcache/<name>` in the same account and region.',
    '',
    '| registry | public host | ECR prefix | credential | used by |',
    '|---|---|---|---|---|',
    ...registries,
    '',
    '## Istio ambient on Bottlerocket',
    '',
    '- `/etc` is a tmpfs on Bottlerocket, so `/etc/cni/net.d` is rebuilt at every boot. The VPC CNI',
    '  rewrites its configuration when it starts and the Istio CNI agent re-inserts its plugin; with',
    '  `ambient.reconcileIptablesOnStartup` it also re-applies redirection to pods already running.',
    '  Pods that start on a rebooted node before the agent is ready are not captured until they',
    '  restart (istio/istio#55968): keep `istio-cni` at `system-node-critical` priority (it is).',
    '- The CNI paths are set to Bottlerocket\'s (`/opt/cni/bin`, `/etc/cni/net.d`) instead of',
    '  auto-detection.',
    '- SELinux is enforcing on Bottlerocket; the CNI agent runs privileged so it may write the plugin',
    '  and its configuration to host paths.',
    '- Bottlerocket has no shell on the host: Istio 1.20.3 and later no longer need one',
    '  (istio/istio#48746).',
    '',
    '## Ingress',
    '',
    'The gateway Service is handed to the AWS load balancer controller (`aws-load-balancer-type:',
    'external`) with the annotations of SPEC section 6: internet-facing NLB, IP targets, cross-zone',
    'load balancing, source-IP stickiness and proxy protocol v2 (Envoy is told to expect it through',
    '`proxy.istio.io/config`). The echo server answers at `http://<gateway NLB>/echo`.',
    '',
  ].join('\n');
}
