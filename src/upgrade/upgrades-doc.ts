/** docs/upgrades.md: the upgrade procedure, with each shipped environment's plan generated. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ENVIRONMENTS_DIR } from '../config/load';
import { nextMinor } from '../config/provenance';
import { SUPPORTED_KUBERNETES_VERSIONS } from '../config/versions';
import { KUBERNETES_MINORS } from '../config/versions/platform';
import { GENERATED } from '../report/docs';
import { planUpgrade } from './plan';
import { planText } from './plan-text';

export function upgradesDoc(envNames: readonly string[]): string {
  const plans = envNames.map((env) => {
    const data = JSON.parse(readFileSync(join(ENVIRONMENTS_DIR, `${env}.json`), 'utf8'));
    const to = nextMinor(data.cluster.kubernetesVersion);
    if (!SUPPORTED_KUBERNETES_VERSIONS.includes(to)) return [`### ${env}`, '', `${env} is on the newest catalogued minor.`];
    const result = planUpgrade(data, to);
    return [`### ${env}: \`npm run upgrade-plan -- -c env=${env} --to ${to}\``, '', '```text', result.ok ? planText(result.plan) : `Upgrade refused: ${result.message}`, '```'];
  });
  return [
    '# Upgrading Kubernetes',
    '',
    GENERATED,
    '',
    'EKS moves a control plane one minor at a time and never back. A minor stays in standard',
    'support for 14 months after its EKS release; after that EKS bills extended support by the',
    'cluster hour (enabled by default on EKS). `cluster.upgradePolicy.supportType` is `STANDARD`',
    'unless the file says `EXTENDED`, so no cluster drifts into extended support without a',
    'decision: a `STANDARD` cluster left on a minor past its standard support is upgraded by EKS',
    'itself, which is why the platform plans the move ahead.',
    '',
    '| minor | on EKS since | end of standard support |',
    '|---|---|---|',
    ...KUBERNETES_MINORS.map((m) => `| ${m.minor} | ${m.eksRelease} | ${m.standardSupportEnds} |`),
    '',
    '## Procedure',
    '',
    '1. `npm run upgrade-plan -- -c env=<env> --to <next minor>` prints the plan from the file and',
    '   the version catalog. It refuses to skip a minor.',
    '2. Fix what it lists under "Fix the file": add-on builds the catalog has not verified for the',
    '   next minor (`addons.<name>`, from `aws eks describe-addon-versions --kubernetes-version',
    '   <minor>`), a node group or Karpenter Bottlerocket release without an image for the minor.',
    '3. If charts must move first (their pin does not support the next minor, the next one supports',
    '   both), set `cluster.upgradePolicy.prepareFor` to the next minor and deploy. Only those',
    '   charts change.',
    '4. Raise `cluster.kubernetesVersion` (remove `prepareFor`) and deploy. CloudFormation updates',
    '   the control plane, then vpc-cni and kube-proxy, then the node group (its `version` follows',
    '   the cluster; `nodeGroup.releaseVersion` picks the Bottlerocket release, replacing',
    '   `nodeGroup.update` nodes at a time within PodDisruptionBudgets), then CoreDNS and the CSI',
    '   drivers; the charts stack follows with the pins of the new minor (the autoscaler runs the',
    '   image of its minor). The kubectl provider switches to the layer of the new minor.',
    '5. With Karpenter on, its EC2NodeClass alias now resolves the new minor\'s Bottlerocket image:',
    '   Karpenter marks its nodes drifted and replaces them within each NodePool\'s disruption',
    '   budgets (prod\'s budget blocks drift in working hours).',
    '6. The plan checks every object the platform applies against the API removals of the new',
    '   minor ([compatibility.md](compatibility.md)); `kubectl get nodes` shows the new version when',
    '   the node group and Karpenter are done.',
    '',
    'Node updates inside a minor work the same way: change `nodeGroup.releaseVersion` (and',
    '`karpenter.amiVersion`) to a newer Bottlerocket release and deploy; nothing changes on the',
    'nodes until the file does.',
    '',
    '## Plans of the shipped environments',
    '',
    ...plans.flatMap((p) => [...p, '']),
  ].join('\n');
}
