import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { Construct } from 'constructs';
import { application } from './argocd-objects';
import { APPLICATION_CHART, type ArgoCdModel } from './resolve';
import { isCommit } from './sources';

export interface ArgoCdApplicationReleaseProps {
  readonly cluster: eks.ICluster;
  readonly argocd: ArgoCdModel;
  readonly release: string;
  readonly namespace: string;
  /** The image tag every service runs. */
  readonly version: string;
  /** The same values the CloudFormation mode gives the Helm release. */
  readonly values: Record<string, unknown>;
  /** After every wave of the catalog. */
  readonly wave: number;
}

/**
 * The application chart as an Argo CD Application, the last wave of the plan. Argo CD cannot read
 * the chart asset the CloudFormation mode uploads to the bootstrap bucket, so it reads
 * charts/application from this repository: at the application version when that is a commit
 * (the pipeline tags images with the commit they were built from, so chart and images match),
 * otherwise at the configured revision.
 */
export class ArgoCdApplicationRelease extends Construct {
  readonly manifest: eks.KubernetesManifest;
  readonly object: Record<string, unknown>;

  constructor(scope: Construct, id: string, props: ArgoCdApplicationReleaseProps) {
    super(scope, id);
    const repository = props.argocd.repository;
    // The rules require a repository whenever the application has a version in argocd mode.
    if (!repository) throw new Error('argocd mode: no repository to read charts/application from');
    this.object = application({
      name: props.release,
      argoNamespace: props.argocd.namespace,
      project: props.argocd.project,
      wave: props.wave,
      phase: 'application',
      source: { repoURL: repository.url, path: APPLICATION_CHART, targetRevision: isCommit(props.version) ? props.version : repository.revision },
      releaseName: props.release,
      values: props.values,
      server: props.cluster.clusterArn,
      namespace: props.namespace,
      // The identity layer owns the namespace and its Pod Security and mesh labels.
      createNamespace: false,
      // The chart is this repository's; it renders no CRD (a test checks it).
      prune: true,
    });
    this.manifest = new eks.KubernetesManifest(this, 'Application', { cluster: props.cluster, manifest: [this.object], overwrite: true });
  }
}
