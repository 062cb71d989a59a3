import { Duration } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { Asset } from 'aws-cdk-lib/aws-s3-assets';
import { Construct } from 'constructs';
import { resolve } from 'node:path';

/** The chart this repository owns, shipped as an asset of the cloud assembly. */
export const APPLICATION_CHART_DIR = resolve(__dirname, '../../charts/application');

export interface ApplicationReleaseProps {
  readonly cluster: eks.ICluster;
  readonly release: string;
  readonly namespace: string;
  readonly values: Record<string, unknown>;
  /** Seconds Helm waits for every workload to be ready; the kubectl Lambda allows 15 minutes per call. */
  readonly timeoutSeconds?: number;
}

/**
 * The application chart installed from this repository (no public chart repository involved): the
 * chart directory is a file asset that the deploy uploads to the bootstrap bucket, and the
 * cluster's kubectl provider installs it from there.
 */
export class ApplicationRelease extends Construct {
  readonly asset: Asset;
  readonly chart: eks.HelmChart;

  constructor(scope: Construct, id: string, props: ApplicationReleaseProps) {
    super(scope, id);
    this.asset = new Asset(this, 'Chart', { path: APPLICATION_CHART_DIR });
    this.chart = new eks.HelmChart(this, 'Release', {
      cluster: props.cluster,
      chartAsset: this.asset,
      release: props.release,
      namespace: props.namespace,
      // The namespace carries the Pod Security and mesh labels: the identity layer owns it.
      createNamespace: false,
      values: props.values,
      wait: true,
      timeout: Duration.seconds(props.timeoutSeconds ?? 600),
    });
  }
}
