import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';

export interface NodeRoleProps {
  /** A fixed name, for roles that policies name before they exist (Karpenter's PassRole). */
  readonly roleName?: string;
  readonly description: string;
  /** AWS managed policies (SPEC section 4's node policies). */
  readonly policies: readonly string[];
}

/** The IAM role of EC2 nodes: assumed by EC2 only, with the node policies of SPEC section 4. */
export function createNodeRole(scope: Construct, id: string, props: NodeRoleProps): iam.Role {
  return new iam.Role(scope, id, {
    roleName: props.roleName,
    assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
    description: props.description,
    managedPolicies: props.policies.map((p) => iam.ManagedPolicy.fromAwsManagedPolicyName(p)),
  });
}
