import type * as eks from 'aws-cdk-lib/aws-eks-v2';
import type * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { CfnOutput, RemovalPolicy } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { PlatformModel } from '../config/model';
import { ImageMirror } from '../charts/image-mirror';
import { PlatformCharts } from '../charts/platform-charts';
import { platformStorageClasses, StorageClasses } from '../cluster/storage-classes';
import { LogGroupKey } from '../security/log-group-key';
import { PlatformStack } from './platform-stack';

export interface ChartsStackProps {
  readonly model: PlatformModel;
  readonly cluster: eks.ICluster;
  readonly vpcId: string;
  /** Roles that pull chart images through the mirror: the node roles and Fargate's pod execution role. */
  readonly pullers: readonly iam.IRole[];
}

/**
 * Lifecycle: the platform's Helm charts, in the phases of SPEC section 6, and the block
 * StorageClasses (gp3, io2). It deploys after the cluster stack has finished (cluster, nodes,
 * add-ons, access and identities all ready, the CSI drivers among them), so every primary chart
 * starts on a working cluster, and it is deleted before it. It reads nothing of the data stack (the
 * EFS class, which names the data stack's file system, is the application stack's), so it deploys
 * beside the data services.
 */
export class ChartsStack extends PlatformStack {
  readonly mirror: ImageMirror;
  readonly charts: PlatformCharts;
  readonly storageClasses: StorageClasses;
  readonly containerLogs?: logs.LogGroup;

  constructor(scope: Construct, id: string, props: ChartsStackProps) {
    super(scope, id, { model: props.model, purpose: 'Helm chart catalog in phases, image mirror, pod log group' });
    const { model } = props;
    const charts = model.charts;

    this.mirror = new ImageMirror(this, 'ImageMirror', { mirror: charts.mirror, pullers: props.pullers });

    const group = charts.containerLogGroup;
    if (group) {
      const key = new LogGroupKey(this, 'ContainerLogsKey', {
        alias: `alias/${model.cluster.name}-container-logs`,
        description: `Pod logs of ${model.cluster.name} (${group.name})`,
        logGroupNames: [group.name],
        removalPolicy: model.data.retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      });
      this.containerLogs = new logs.LogGroup(this, 'ContainerLogs', {
        logGroupName: group.name,
        retention: group.retentionDays as logs.RetentionDays,
        encryptionKey: key,
        removalPolicy: model.data.retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      });
    }

    // The classes name the CSI drivers' provisioners, which the cluster stack installed. Only the
    // entries whose objects claim volumes wait for them (src/charts/chart-spec.ts `claimsVolumes`);
    // the application's claims come after this whole stack.
    this.storageClasses = new StorageClasses(this, 'StorageClasses', {
      cluster: props.cluster,
      storageClasses: platformStorageClasses(model.data.storageClasses),
    });

    this.charts = new PlatformCharts(this, 'Charts', {
      cluster: props.cluster,
      charts,
      vpcId: props.vpcId,
      clusterEndpoint: props.cluster.clusterEndpoint,
      prerequisites: [...this.mirror.dependables],
      storageClasses: this.storageClasses.manifest,
    });
    // Fluent Bit writes only to a group that exists (it may not create groups).
    if (group && this.containerLogs) this.charts.entries.get(group.writer)!.node.addDependency(this.containerLogs);
    new CfnOutput(this, 'ApplicationSlot', {
      value: this.charts.applicationSlot.ref,
      description: 'Ready when the secondary phase is; the application layer deploys after it',
    });
  }
}
