import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { Construct } from 'constructs';
import type { AccessGrant } from '../config/model';

export interface ClusterAccessProps {
  readonly cluster: eks.ICluster;
  readonly grants: readonly AccessGrant[];
}

/**
 * The identity-provider access levels (cluster admin, admin, edit, view) as EKS access entries,
 * one per principal, each with its EKS access policy scoped to the cluster or to namespaces.
 */
export class ClusterAccess extends Construct {
  readonly entries: eks.AccessEntry[];

  constructor(scope: Construct, id: string, props: ClusterAccessProps) {
    super(scope, id);
    this.entries = props.grants.map((grant, i) => {
      const scope =
        grant.namespaces.length > 0
          ? { accessScopeType: eks.AccessScopeType.NAMESPACE, namespaces: [...grant.namespaces] }
          : { accessScopeType: eks.AccessScopeType.CLUSTER };
      return new eks.AccessEntry(this, `${grant.level}${i}`, {
        cluster: props.cluster,
        principal: grant.principalArn,
        accessEntryType: eks.AccessEntryType.STANDARD,
        accessPolicies: [eks.AccessPolicy.fromAccessPolicyName(grant.policy, scope)],
      });
    });
  }
}
