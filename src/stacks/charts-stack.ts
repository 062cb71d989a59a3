import type * as eks from 'aws-cdk-lib/aws-eks-v2';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type { IDependable } from 'constructs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { CfnOutput, RemovalPolicy } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { PlatformModel } from '../config/model';
import { ImageMirror } from '../charts/image-mirror';
import { PlatformCharts } from '../charts/platform-charts';
import { platformStorageClasses, StorageClasses } from '../cluster/storage-classes';
import { LogGroupKey } from '../security/log-group-key';
import { PlatformStack } from './platform-stack';
import { ArgoCdCapability } from '../gitops/argocd-capability';
import { ArgoCdCharts } from '../gitops/argocd-charts';
import { namespacesOutsideCatalog, platformSourceRepos } from '../gitops/catalog-applications';

export interface ChartsStackProps {
  readonly model: PlatformModel;
  readonly cluster: eks.ICluster;
  readonly vpcId: string;
  /** Roles that pull chart images through the mirror: the node roles and Fargate's pod execution role. */
  readonly pullers: readonly iam.IRole[];
  /** The Argo CD capability's role (cluster stack), present in argocd mode. */
  readonly argoCdRole?: iam.IRole;
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
  /** The catalog's Helm releases (cloudformation mode) or Argo CD Applications (argocd mode). */
  readonly charts: PlatformCharts | ArgoCdCharts;
  /** The EKS-managed Argo CD, in argocd mode. */
  readonly argoCd?: ArgoCdCapability;
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

    // The classes name the CSI drivers' provisioners, which the cluster stack installed. In the
    // CloudFormation mode only the entries whose objects claim volumes wait for them
    // (src/charts/chart-spec.ts `claimsVolumes`); every Application of the argocd mode does, as
    // Argo CD syncs on its own schedule. The application's claims come after this whole stack.
    this.storageClasses = new StorageClasses(this, 'StorageClasses', {
      cluster: props.cluster,
      storageClasses: platformStorageClasses(model.data.storageClasses),
    });

    const prerequisites: IDependable[] = [...this.mirror.dependables];
    const delivery = model.chartDelivery;
    if (delivery.mode === 'argocd') {
      // The capability, then one Application per entry; no Helm release runs in the kubectl Lambda.
      this.argoCd = new ArgoCdCapability(this, 'ArgoCd', {
        cluster: props.cluster,
        argocd: delivery.argocd,
        role: props.argoCdRole ?? missing('the Argo CD capability role'),
        sourceRepos: platformSourceRepos(charts, delivery.argocd),
      });
      this.charts = new ArgoCdCharts(this, 'Applications', {
        cluster: props.cluster,
        charts,
        argocd: delivery.argocd,
        vpcId: props.vpcId,
        clusterEndpoint: props.cluster.clusterEndpoint,
        platformNamespaces: namespacesOutsideCatalog(model.identity.roles),
        prerequisites: [...prerequisites, this.storageClasses.manifest, this.argoCd.ready],
      });
    } else {
      this.charts = new PlatformCharts(this, 'Charts', {
        cluster: props.cluster,
        charts,
        vpcId: props.vpcId,
        clusterEndpoint: props.cluster.clusterEndpoint,
        prerequisites,
        storageClasses: this.storageClasses.manifest,
      });
    }
    // Fluent Bit writes only to a group that exists (it may not create groups).
    if (group && this.containerLogs) this.charts.entries.get(group.writer)!.node.addDependency(this.containerLogs);
    new CfnOutput(this, 'ApplicationSlot', {
      value: this.charts.applicationSlot.ref,
      description: 'Ready when the secondary phase is; the application layer deploys after it',
    });
    // Read back before a deploy: changing it on a running cluster reinstalls every chart (docs/gitops.md).
    new CfnOutput(this, 'ChartDelivery', { value: delivery.mode, description: 'How the chart catalog is installed: cloudformation or argocd' });
  }
}

function missing(what: string): never {
  throw new Error(`argocd mode needs ${what}`);
}
