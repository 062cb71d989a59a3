import { CfnWaitConditionHandle, Duration } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { Construct, type IDependable } from 'constructs';
import type { ChartsModel } from './resolve';
import { releaseValues } from './release-values';

export interface PlatformChartsProps {
  readonly cluster: eks.ICluster;
  readonly charts: ChartsModel;
  /** The VPC id, for values that need it at deploy time. */
  readonly vpcId: string;
  /** The API server endpoint, for values that need it at deploy time. */
  readonly clusterEndpoint: string;
  /** What every entry waits for in this stack (the image mirror). */
  readonly prerequisites: readonly IDependable[];
  /** The StorageClasses, which only entries whose objects claim volumes wait for. */
  readonly storageClasses?: IDependable;
}

/**
 * The chart catalog of one environment as CloudFormation resources: one Helm release (or one set
 * of Kubernetes objects) per enabled entry, through the cluster's single kubectl provider, with a
 * DependsOn edge for every dependency of the plan. CloudFormation deletes in reverse, so what
 * makes load balancers goes before the controller that removes them.
 */
export class PlatformCharts extends Construct {
  /** The construct of each entry, by catalog id. */
  readonly entries = new Map<string, eks.HelmChart | eks.KubernetesManifest>();
  /**
   * The application phase's slot: it waits for the secondary phase, and the application layer
   * waits for it. It exists before the application does, so the edge does too.
   */
  readonly applicationSlot: CfnWaitConditionHandle;

  constructor(scope: Construct, id: string, props: PlatformChartsProps) {
    super(scope, id);
    const { cluster, charts } = props;

    for (const entry of charts.entries) {
      let resource: eks.HelmChart | eks.KubernetesManifest;
      if (entry.helm) {
        const values = releaseValues(entry.helm, props);
        resource = new eks.HelmChart(this, entry.id, {
          cluster,
          repository: entry.helm.repository,
          chart: entry.helm.chart,
          version: entry.helm.version,
          release: entry.helm.release,
          namespace: entry.namespace,
          values,
          // The phase is complete only when the release's pods are ready.
          wait: true,
          timeout: Duration.seconds(entry.helm.timeoutSeconds),
        });
      } else {
        resource = new eks.KubernetesManifest(this, entry.id, { cluster, manifest: [...(entry.manifests ?? [])], overwrite: true });
      }
      resource.node.addDependency(...props.prerequisites);
      if (entry.claimsVolumes) {
        if (!props.storageClasses) throw new Error(`chart entry ${entry.id} claims volumes, but no StorageClasses were given`);
        resource.node.addDependency(props.storageClasses);
      }
      this.entries.set(entry.id, resource);
    }
    for (const entry of charts.entries) {
      for (const dep of entry.after) this.entries.get(entry.id)!.node.addDependency(this.entries.get(dep)!);
    }

    this.applicationSlot = new CfnWaitConditionHandle(this, 'ApplicationSlot');
    for (const dep of charts.applicationAfter) this.applicationSlot.node.addDependency(this.entries.get(dep)!);
  }
}
