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
    '### Admission webhooks',
    '',
    'Some entries run admission webhooks with `failurePolicy: Fail` (`admits` in the catalog): until',
    'their pods serve, the API server refuses every object of those kinds in the cluster. Each entry',
    'declares the gated kinds its objects include (`applies`, read from its chart rendered at its',
    'tag), and the graph orders it after every enabled gate of those kinds, so no release races a',
    'webhook (kubernetes-sigs/aws-load-balancer-controller#4140). Turning a gate off removes the',
    'edges; a gate in a later phase than an entry it admits, or a cycle through it, is refused.',
    '',
    '| gate | admits | entries that wait for it |',
    '|---|---|---|',
    ...CHART_CATALOG.filter((e) => e.admits?.length).map(
      (g) => `| \`${g.id}\` | ${g.admits!.join(', ')} | ${CHART_CATALOG.filter((e) => e.id !== g.id && e.applies.some((k) => g.admits!.includes(k))).map((e) => `\`${e.id}\``).join(', ')} |`,
    ),
    '',
    'The load balancer controller\'s Service webhook stays fail-closed: failing open would hand a',
    'Service created while the controller is down to the legacy in-tree provider (an internet-facing',
    'Classic Load Balancer that ignores the NLB annotations), for good, since the class cannot change',
    'after creation. The price of ordering is small: istiod waits for the controller as well as',
    'istio-base, and the other entries that move behind it are off the critical path.',
    '',
    '## Phases',
    '',
    '1. **Primary**: in parallel, once the cluster stack is complete (cluster, node group, add-ons,',
    '   access entries, service accounts and roles) and the image mirror exists. Inside Istio:',
    '   base, then istiod, then cni, then ztunnel.',
    '2. **Secondary**: the Istio ingress gateway, after every primary entry.',
    '3. **Application**: after the secondary phase. The echo server proves the path; the',
    '   application chart takes the slot (`ApplicationSlot` output of the charts stack).',
    '4. **Independent**: Prometheus, after the cluster, the mirror and the webhook that admits its',
    '   Services (the load balancer controller), and nothing else of the chain.',
    '',
    'Each Helm release waits until its pods are ready (`wait`, 10 minutes), so a phase is complete',
    'only when it runs. `npm run plan -- -c env=NAME` prints the plan and writes `docs/plan-<env>.md`.',
    '',
    '## Catalog',
    '',
    '| entry | phase | source | namespace | declared dependencies | role | default | enabled in | purpose |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    '## Availability',
    '',
    'Every chart declares each workload it runs and how it stays up through node drains and',
    'upgrades: two or more replicas under a PodDisruptionBudget (checked in the values), or the reason',
    'it runs one (a budget on a single replica would block every drain), or that it runs per node.',
    '',
    '| entry | workload | availability |',
    '|---|---|---|',
    ...CHART_CATALOG.flatMap((e) =>
      e.kind === 'helm'
        ? Object.entries(e.availability).map(
            ([name, a]) =>
              `| \`${e.id}\` | ${name} | ${'replicas' in a ? `replicas at \`${a.replicas}\`, budget at \`${a.disruptionBudget}\`` : 'singleReplica' in a ? `one replica: ${a.singleReplica}` : 'perNode' in a ? `per node: ${a.perNode}` : `no pods: ${a.noPods}`} |`,
          )
        : [],
    ),
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
    '  restart (istio/istio#55968); the chart runs the agent at `system-node-critical` priority.',
    '- The CNI paths are set to Bottlerocket\'s (`/opt/cni/bin`, `/etc/cni/net.d`) instead of',
    '  auto-detection.',
    '- SELinux is enforcing on Bottlerocket. The Istio charts render the CNI agent and ztunnel with',
    '  `privileged: false` and the capabilities they need (the charts have no `privileged` value),',
    '  and take `seLinuxOptions` for SELinux-enforcing platforms; Istio\'s OpenShift profile sets the',
    '  super-privileged type `spc_t`. Bottlerocket\'s policy lets containers run only as `container_t`,',
    '  `control_t` or `super_t` (its SECURITY_GUIDANCE), so both agents get `seLinuxOptions.type:',
    '  super_t`, the label for containers that write host files (the CNI plugin, its configuration,',
    '  the ztunnel socket). Rendering the istio-cni and ztunnel charts of 1.30.3 with these values',
    '  gives `privileged: false` and `seLinuxOptions: {type: super_t}`.',
    '- Bottlerocket has no shell on the host: Istio 1.20.3 and later no longer need one',
    '  (istio/istio#48746).',
    '',
    '## Ingress',
    '',
    'The gateway Service names the AWS load balancer controller\'s class (`loadBalancerClass:',
    'service.k8s.aws/nlb`, and `aws-load-balancer-type: external`) with the annotations of SPEC section 6:',
    'internet-facing NLB, IP targets, cross-zone load balancing, source-IP stickiness and proxy protocol',
    'v2 (Envoy is told to expect it through `proxy.istio.io/config`). The NLB publishes the traffic ports',
    '80 and 443 only; Istio\'s status port 15021 is no listener. Its HTTP health checks reach',
    '`/healthz/ready` on 15021 at the pod addresses directly (the controller admits the NLB on that port',
    'at the targets), and since the NLB sends the PROXY header on health checks too, the gateway\'s status',
    'port accepts it (`ENVOY_STATUS_PORT_ENABLE_PROXY_PROTOCOL`). The echo server answers at',
    '`http://<gateway NLB>/echo`.',
    '',
  ].join('\n');
}
