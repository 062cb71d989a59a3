import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { Construct } from 'constructs';
import type { ResolvedAddon } from '../config/model';
import type { WorkloadIdentity } from '../identity/workload-identity';

export interface ManagedAddonsProps {
  readonly cluster: eks.Cluster;
  readonly addons: readonly ResolvedAddon[];
  /** The node group the add-ons are ordered against. */
  readonly nodegroup: eks.Nodegroup;
  /** Where add-ons with a role get it from. */
  readonly identity: WorkloadIdentity;
}

/**
 * The EKS managed add-ons at their pinned versions (SPEC section 5), each bound to its catalog
 * role where it calls AWS. Add-ons that nodes need to become Ready install before the node group;
 * the ones that run Deployments install after it, so they do not sit degraded until nodes arrive.
 */
export class ManagedAddons extends Construct {
  readonly addons = new Map<string, eks.CfnAddon>();

  constructor(scope: Construct, id: string, props: ManagedAddonsProps) {
    super(scope, id);
    const { cluster } = props;
    for (const addon of props.addons) {
      const binding = props.identity.addonBinding(addon.name);
      const resource = new eks.CfnAddon(this, addon.name, {
        clusterName: cluster.clusterName,
        addonName: addon.name,
        addonVersion: addon.version,
        ...binding,
        ...(addon.configuration ? { configurationValues: JSON.stringify(addon.configuration) } : {}),
        // The add-on owns its fields: a pinned version is what runs, whatever drifted by hand.
        resolveConflicts: 'OVERWRITE',
        preserveOnDelete: false,
      });
      // No dependency on the Cluster construct as a whole: that would make every add-on (and the
      // node group behind the before-nodes ones) wait for the kubectl provider's functions, which
      // the EKS add-on API never uses. clusterName already makes it wait for the control plane.
      if (addon.order === 'before-nodes') props.nodegroup.node.addDependency(resource);
      else resource.node.addDependency(props.nodegroup);
      this.addons.set(addon.name, resource);
    }
  }
}
