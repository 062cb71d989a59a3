/** The upgrade plan as text: numbered steps in the order they must happen. */
import type { ChartMove, UpgradePlan, VersionChange } from './plan';

const changeText = (c: VersionChange) =>
  c.unverified ? `${c.name} ${c.from} -> the build you set in addons.${c.name}` : c.from === c.to ? `${c.name} ${c.to} (unchanged)` : `${c.name} ${c.from} -> ${c.to}`;
const moveText = (m: ChartMove) =>
  [`${m.name} ${m.from} (Kubernetes ${m.fromRange}) -> ${m.to} (${m.toRange})`, ...m.values.map((v) => `${v.name} ${v.from} -> ${v.to}`)].join('; ');

/** The plan's steps, each a title and its lines, in order. */
export function planSteps(plan: UpgradePlan): Array<{ title: string; lines: string[] }> {
  const { from, to } = plan;
  const steps: Array<{ title: string; lines: string[] }> = [];
  if (plan.blockers.length > 0) {
    steps.push({
      title: `Fix the file: the ${to} environment does not validate yet`,
      lines: plan.blockers.map((b) => `${b.path}: ${b.message}`),
    });
  }
  if (plan.moveFirst.length > 0) {
    steps.push({
      title: plan.prepared
        ? `Charts that do not support ${to} already moved (cluster.upgradePolicy.prepareFor is "${to}"): make sure that deploy succeeded`
        : `While still on ${from}, set cluster.upgradePolicy.prepareFor to "${to}" and deploy: these pins do not support ${to}; their ${to} pins also run on ${from}`,
      lines: plan.moveFirst.map(moveText),
    });
  }
  steps.push({
    title: `Set cluster.kubernetesVersion to "${to}"${plan.moveFirst.length > 0 ? ' (remove prepareFor)' : ''} and deploy. CloudFormation applies, in this order:`,
    lines: [
      `control plane ${from} -> ${to}, in place (EKS keeps the API available; it cannot be rolled back); ${changeText(plan.kubectlLayer)}`,
      `add-ons the nodes need: ${plan.addonsBeforeNodes.map(changeText).join(', ')}`,
      `node group ${plan.nodeGroup.name}: Kubernetes ${from} -> ${to} on Bottlerocket ${plan.nodeGroup.release}, replacing ${plan.nodeGroup.update} (pods are evicted within their PodDisruptionBudgets)`,
      `other add-ons, once the nodes run: ${plan.addonsAfterNodes.map(changeText).join(', ')}`,
      plan.chartsAfter.length > 0 ? `charts stack, after the cluster stack: ${plan.chartsAfter.map(moveText).join('; ')}` : 'charts stack: no chart pin changes with the minor',
      ...(plan.karpenter
        ? [
            `Karpenter drift: ${plan.karpenter.alias} now resolves the aws-k8s-${to} images, so Karpenter replaces every node it launched, pool by pool within its disruption budgets: ` +
              plan.karpenter.pools.map((p) => `${p.name} (budgets ${p.budgets}; expireAfter ${p.expireAfter})`).join(', '),
          ]
        : []),
    ],
  });
  steps.push({
    title: `Check the APIs the platform applies against the removals of ${to}`,
    lines:
      plan.removedApis.length === 0
        ? [`none of the platform's objects uses an API that ${to} no longer serves (Kubernetes Deprecated API Migration Guide)`]
        : plan.removedApis.map((u) => `${u.source}: ${u.apiVersion} ${u.kind} is removed in ${u.removal.removedIn}; use ${u.removal.replacement}`),
  });
  return steps;
}

export function planText(plan: UpgradePlan): string {
  const lines = [`Upgrade plan for ${plan.envName}: Kubernetes ${plan.from} -> ${plan.to} (one minor at a time; a control plane cannot go back)`];
  const support = plan.supportType === 'STANDARD' ? 'supportType STANDARD: EKS will not bill extended support; it upgrades a cluster left behind itself' : 'supportType EXTENDED: EKS bills extended support after that day';
  if (plan.standardSupportEnds.from) lines.push(`${plan.from} leaves standard support on ${plan.standardSupportEnds.from} (${support}).`);
  planSteps(plan).forEach((step, i) => {
    lines.push('', `${i + 1}. ${step.title}`);
    for (const line of step.lines) lines.push(`   - ${line}`);
  });
  if (plan.standardSupportEnds.to) lines.push('', `${plan.to} stays in standard support until ${plan.standardSupportEnds.to}.`);
  return lines.join('\n');
}
