import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { ResolvedAddon } from '../config/model';
import { IrsaRole } from '../identity/irsa-role';

export interface ManagedAddonsProps {
  readonly cluster: eks.Cluster;
  readonly addons: readonly ResolvedAddon[];
  /** The node group the add-ons are ordered against. */
  readonly nodegroup: eks.Nodegroup;
}

/**
 * The EKS managed add-ons at their pinned versions (SPEC section 5), each with its own IRSA role
 * where it calls AWS. Add-ons that nodes need to become Ready install before the node group; the
 * ones that run Deployments install after it, so they do not sit degraded until nodes arrive.
 */
export class ManagedAddons extends Construct {
  readonly addons = new Map<string, eks.CfnAddon>();
  readonly roles = new Map<string, iam.Role>();

  constructor(scope: Construct, id: string, props: ManagedAddonsProps) {
    super(scope, id);
    const { cluster } = props;
    for (const addon of props.addons) {
      let roleArn: string | undefined;
      if (addon.role) {
        const irsa = new IrsaRole(this, `${addon.name}-role`, {
          roleName: addon.role.roleName,
          description: `${addon.name} add-on (${addon.role.namespace}:${addon.role.serviceAccounts.join(',')})`,
          provider: cluster.openIdConnectProvider,
          issuerUrl: cluster.clusterOpenIdConnectIssuerUrl,
          namespace: addon.role.namespace,
          serviceAccounts: addon.role.serviceAccounts,
          managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName(addon.role.managedPolicy)],
        });
        this.roles.set(addon.name, irsa.role);
        roleArn = irsa.role.roleArn;
      }
      const resource = new eks.CfnAddon(this, addon.name, {
        clusterName: cluster.clusterName,
        addonName: addon.name,
        addonVersion: addon.version,
        serviceAccountRoleArn: roleArn,
        // The add-on owns its fields: a pinned version is what runs, whatever drifted by hand.
        resolveConflicts: 'OVERWRITE',
        preserveOnDelete: false,
      });
      resource.node.addDependency(cluster);
      if (addon.order === 'before-nodes') props.nodegroup.node.addDependency(resource);
      else resource.node.addDependency(props.nodegroup);
      this.addons.set(addon.name, resource);
    }
  }
}
