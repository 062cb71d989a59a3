/**
 * The values a Helm release of the catalog is installed with, deploy-time values included: one
 * function for both delivery modes, so the Helm release of CloudFormation and the Application of
 * Argo CD cannot drift apart.
 */
import { setPath, type ResolvedHelmRelease } from './resolve';
import type { Values } from './chart-spec';

/** Deploy-time values (CloudFormation references), placed at the paths each entry names. */
export interface DeployTimeInputs {
  /** The VPC id. */
  readonly vpcId: string;
  /** The API server endpoint. */
  readonly clusterEndpoint: string;
}

export function releaseValues(helm: ResolvedHelmRelease, inputs: DeployTimeInputs): Values {
  const values = structuredClone(helm.values);
  const late = helm.deployTimeValues;
  if (late.vpcId) setPath(values, late.vpcId, inputs.vpcId);
  if (late.clusterEndpoint) setPath(values, late.clusterEndpoint, inputs.clusterEndpoint);
  return values;
}
