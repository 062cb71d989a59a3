/**
 * The kubectl and helm layer of the kubectl provider, chosen by the cluster's Kubernetes minor:
 * aws-eks-v2 asks for the layer of the cluster's minor (kubectl supports one minor of skew, and
 * helm renders with the layer's Kubernetes client). The packages are catalogued with the minors
 * in src/config/versions/platform.ts; a test checks the installed packages match.
 */
import { KubectlV35Layer } from '@aws-cdk/lambda-layer-kubectl-v35';
import { KubectlV36Layer } from '@aws-cdk/lambda-layer-kubectl-v36';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';

export const KUBECTL_LAYERS: Readonly<Record<string, new (scope: Construct, id: string) => lambda.ILayerVersion>> = {
  '1.35': KubectlV35Layer,
  '1.36': KubectlV36Layer,
};

export function kubectlLayer(scope: Construct, id: string, minor: string): lambda.ILayerVersion {
  const Layer = KUBECTL_LAYERS[minor];
  // The schema admits only catalogued minors, each of which has a layer (test/versions.test.ts).
  if (!Layer) throw new Error(`no kubectl layer for Kubernetes ${minor}`);
  return new Layer(scope, id);
}
