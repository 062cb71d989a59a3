/** How an environment delivers its charts, in the words of the summary, the plan and docs. */
import type { ChartDeliveryModel } from './resolve';
import type { ChartsModel } from '../charts/resolve';

export function deliveryLines(delivery: ChartDeliveryModel, charts: ChartsModel): string[] {
  if (delivery.mode === 'cloudformation') {
    return [
      '  Delivery: cloudformation (charts.delivery): each entry a Helm release or manifest set of the kubectl provider, in plan order.',
      '  Changing the mode on a running cluster reinstalls every chart: follow docs/gitops.md.',
    ];
  }
  const a = delivery.argocd;
  const last = charts.waves.length - 1;
  return [
    `  Delivery: argocd (charts.delivery): EKS capability ${a.capabilityName} (Argo CD, role ${a.roleName}, Identity Center ${a.identityCenter.instanceArn} in ${a.identityCenter.region}),`,
    `  ${charts.entries.length} catalog Applications in namespace ${a.namespace}, project ${a.project}, sync waves 0 to ${last} (the waves below, from 0; the application chart's is ${last + 1})` +
      (a.repository ? `; this repository's charts from ${a.repository.url} at ${a.repository.revision}` : '') +
      '.',
    '  Changing the mode on a running cluster reinstalls every chart: follow docs/gitops.md.',
  ];
}
