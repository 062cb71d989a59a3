import { CfnWaitConditionHandle } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { Construct, type IDependable } from 'constructs';
import type { ChartsModel } from '../charts/resolve';
import { catalogApplications } from './catalog-applications';
import type { ArgoCdModel } from './resolve';

export interface ArgoCdChartsProps {
  readonly cluster: eks.ICluster;
  readonly charts: ChartsModel;
  readonly argocd: ArgoCdModel;
  readonly vpcId: string;
  readonly clusterEndpoint: string;
  readonly platformNamespaces: ReadonlySet<string>;
  /** What every Application waits for: the capability's setup, the image mirror, the StorageClasses. */
  readonly prerequisites: readonly IDependable[];
}

/**
 * The chart catalog as Argo CD Applications, one per enabled entry, applied by the kubectl
 * provider with a DependsOn edge for every edge of the plan (the same edges as the CloudFormation
 * mode). Argo CD installs and reconciles; CloudFormation creates the Applications in plan order and
 * deletes them in reverse, each finalizer removing its objects before the Applications it depended
 * on (the controllers that clean up load balancers and nodes) go. No Helm release custom resource.
 */
export class ArgoCdCharts extends Construct {
  /** The Application of each entry, by catalog id. */
  readonly entries = new Map<string, eks.KubernetesManifest>();
  /** The application phase's slot, as in the CloudFormation mode. */
  readonly applicationSlot: CfnWaitConditionHandle;

  constructor(scope: Construct, id: string, props: ArgoCdChartsProps) {
    super(scope, id);
    const { cluster, charts } = props;
    const applications = catalogApplications({
      charts,
      argocd: props.argocd,
      clusterArn: cluster.clusterArn,
      vpcId: props.vpcId,
      clusterEndpoint: props.clusterEndpoint,
      platformNamespaces: props.platformNamespaces,
    });
    for (const [entryId, app] of applications) {
      const manifest = new eks.KubernetesManifest(this, entryId, { cluster, manifest: [app], overwrite: true });
      manifest.node.addDependency(...props.prerequisites);
      this.entries.set(entryId, manifest);
    }
    for (const entry of charts.entries) {
      for (const dep of entry.after) this.entries.get(entry.id)!.node.addDependency(this.entries.get(dep)!);
    }
    this.applicationSlot = new CfnWaitConditionHandle(this, 'ApplicationSlot');
    for (const dep of charts.applicationAfter) this.applicationSlot.node.addDependency(this.entries.get(dep)!);
  }
}
