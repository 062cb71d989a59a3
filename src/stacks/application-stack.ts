import { CfnOutput } from 'aws-cdk-lib';
import type * as eks from 'aws-cdk-lib/aws-eks-v2';
import { Construct } from 'constructs';
import type { PlatformModel } from '../config/model';
import { ApplicationRelease } from '../application/application-release';
import { ApplicationSecrets } from '../application/application-secrets';
import { APPLICATION_NAMESPACE_LABELS } from '../application/namespace';
import { chartValues, type DataOutputs } from '../application/values';
import { WorkloadIdentity } from '../identity/workload-identity';
import { fileSystemStorageClasses, StorageClasses } from '../cluster/storage-classes';
import type { DataResource } from '../identity/policy-statements';
import { PlatformStack } from './platform-stack';
import { ArgoCdApplicationRelease } from '../gitops/argocd-application-release';
import { applicationWave } from '../gitops/catalog-applications';

export interface ApplicationStackProps {
  readonly model: PlatformModel;
  readonly cluster: eks.Cluster;
  /** Real ARNs of the data stack's keys and secrets, for the application roles. */
  readonly dataResourceArns: Readonly<Record<DataResource, string>>;
  /** Endpoints, secret ARNs and the EFS volume handle from the data stack's outputs. */
  readonly data: DataOutputs;
  /** The data stack's EFS file system, which the `efs` StorageClass provisions on. */
  readonly fileSystemId: string;
}

/**
 * Lifecycle: the application layer (SPEC sections 6 to 10). The seven application roles with
 * their service accounts in the `<env>` namespace (Pod Security restricted, ambient mesh), the
 * application's own secrets, the `efs` StorageClass on the data stack's file system, and, once a
 * version is given, the application chart of this repository as a chart asset. It deploys after
 * the data stack, which it reads, and with a version after the charts stack too (the secondary
 * phase, the operator, the CSI driver, the block StorageClasses); without one it needs nothing of
 * the charts and deploys beside them. It can be deployed alone
 * (`cdk deploy <project>-<env>-application`) once they exist.
 */
export class ApplicationStack extends PlatformStack {
  readonly identity: WorkloadIdentity;
  readonly secrets: ApplicationSecrets;
  /**
   * The classes on the data stack's file system. They live here, with the stack that reads the
   * data stack, so that the platform charts do not wait for the data services.
   */
  readonly fileStorageClasses: StorageClasses;
  /** Absent until the environment names a version. */
  readonly release?: ApplicationRelease;
  /** The release as an Argo CD Application, in argocd mode (charts.delivery). */
  readonly argoRelease?: ArgoCdApplicationRelease;

  constructor(scope: Construct, id: string, props: ApplicationStackProps) {
    super(scope, id, { model: props.model, purpose: 'AosCloud application: roles, namespace, secrets and the application chart' });
    const { model } = props;
    const app = model.application;

    this.identity = new WorkloadIdentity(this, 'Identity', {
      cluster: props.cluster,
      roles: model.identity.roles.filter((r) => r.kind === 'application'),
      dataResourceArns: props.dataResourceArns,
      namespaceLabels: { [app.namespace]: APPLICATION_NAMESPACE_LABELS },
    });
    this.secrets = new ApplicationSecrets(this, 'Secrets', { sets: app.secretSets, dataKeyArn: props.dataResourceArns['key:data'], retain: model.data.retain });
    this.fileStorageClasses = new StorageClasses(this, 'FileStorageClasses', {
      cluster: props.cluster,
      storageClasses: fileSystemStorageClasses(model.data.storageClasses),
      fileSystemId: props.fileSystemId,
    });

    const delivery = model.chartDelivery;
    if (app.version && delivery.mode === 'argocd') {
      this.argoRelease = new ArgoCdApplicationRelease(this, 'ArgoApplication', {
        cluster: props.cluster,
        argocd: delivery.argocd,
        release: app.release,
        namespace: app.namespace,
        version: app.version,
        values: chartValues(model, app.version, props.data, this.secrets.arns),
        wave: applicationWave(model.charts),
      });
      this.argoRelease.manifest.node.addDependency(this.identity, this.secrets);
    } else if (app.version) {
      this.release = new ApplicationRelease(this, 'Application', {
        cluster: props.cluster,
        release: app.release,
        namespace: app.namespace,
        values: chartValues(model, app.version, props.data, this.secrets.arns),
      });
      // The namespace, the service accounts and the secrets the pods mount exist first; on
      // delete the release goes before them.
      this.release.chart.node.addDependency(this.identity, this.secrets);
    }
    new CfnOutput(this, 'ApplicationVersion', {
      value: app.version ?? 'not deployed',
      description: app.version ? 'Image tag every service runs' : 'Set application.version or pass -c appVersion=TAG to deploy the release',
    });
    new CfnOutput(this, 'Namespace', { value: app.namespace });
  }
}
