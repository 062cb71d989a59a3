import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { ResolvedRole } from '../config/model';
import type { DataResource, StatementSpec } from './policy-statements';
import { IrsaRole } from './irsa-role';
import { PodIdentityRole } from './pod-identity-role';
import { CustomerManagedPolicy } from '../security/managed-policy';

export interface WorkloadIdentityProps {
  readonly cluster: eks.Cluster;
  /** Each role carries its binding mode (the environment's, or IRSA for pods on Fargate). */
  readonly roles: readonly ResolvedRole[];
  /**
   * Real ARNs of what catalog statements name as data resources (keys, database secrets). Only
   * the application stack has them; a role that names one elsewhere is a wiring defect.
   */
  readonly dataResourceArns?: Readonly<Record<DataResource, string>>;
  /** Labels of the namespaces this construct creates, by namespace (Pod Security, mesh enrollment). */
  readonly namespaceLabels?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

/** How a managed add-on is bound to its role, in the form CfnAddon takes. */
export interface AddonBinding {
  readonly serviceAccountRoleArn?: string;
  readonly podIdentityAssociations?: eks.CfnAddon.PodIdentityAssociationProperty[];
}

function toStatement(spec: StatementSpec, dataResourceArns: Readonly<Record<DataResource, string>> | undefined): iam.PolicyStatement {
  const dataArn = (r: DataResource) => dataResourceArns?.[r] ?? fail(`statement ${spec.sid} names the data stack's ${r}, which this stack does not receive`);
  return new iam.PolicyStatement({
    sid: spec.sid,
    actions: [...spec.actions],
    resources: [...spec.resources, ...(spec.dataResources ?? []).map(dataArn)],
    conditions: spec.conditions as Record<string, unknown> | undefined,
  });
}

/**
 * Every role of the workload identity catalog, bound to its exact service accounts by IRSA or by
 * EKS Pod Identity. The mode changes only how a role is trusted and bound, never what it may do.
 * Service accounts that no add-on creates are created here, in their namespaces.
 */
export class WorkloadIdentity extends Construct {
  readonly roles = new Map<string, iam.Role>();
  private readonly bindings = new Map<string, AddonBinding>();

  constructor(scope: Construct, id: string, props: WorkloadIdentityProps) {
    super(scope, id);
    const { cluster } = props;
    const manifests = new Map<string, Record<string, unknown>[]>();

    for (const spec of props.roles) {
      const common = {
        roleName: spec.roleName,
        description: `${spec.purpose} (${spec.namespace}:${spec.serviceAccounts.join(',')})`,
        namespace: spec.namespace,
        serviceAccounts: spec.serviceAccounts,
        managedPolicies: spec.managedPolicies.map((p) => iam.ManagedPolicy.fromAwsManagedPolicyName(p)),
      };
      const role =
        spec.mode === 'irsa'
          ? new IrsaRole(this, spec.id, { ...common, provider: cluster.openIdConnectProvider, issuerUrl: cluster.clusterOpenIdConnectIssuerUrl }).role
          : new PodIdentityRole(this, spec.id, { ...common, clusterArn: cluster.clusterArn }).role;

      const statements = [
        ...spec.statements.map((st) => toStatement(st, props.dataResourceArns)),
        ...(spec.publishedPolicy?.statements ?? []).map((s) => iam.PolicyStatement.fromJson(s)),
      ];
      if (statements.length > 0) {
        // Customer managed, not inline: IAM versions every change of the role's grants.
        new CustomerManagedPolicy(this, `${spec.id}-policy`, {
          managedPolicyName: spec.roleName,
          description: `Permissions of ${spec.roleName}: ${spec.purpose}`,
          statements,
          roles: [role],
        });
      }
      this.roles.set(spec.id, role);

      if (spec.addon) {
        // The add-on creates and annotates its own service accounts.
        this.bindings.set(
          spec.addon,
          spec.mode === 'irsa'
            ? { serviceAccountRoleArn: role.roleArn }
            : { podIdentityAssociations: spec.serviceAccounts.map((serviceAccount) => ({ serviceAccount, roleArn: role.roleArn })) },
        );
        continue;
      }
      for (const name of spec.serviceAccounts) {
        const objects = manifests.get(spec.namespace) ?? [];
        objects.push(serviceAccount(spec.namespace, name, spec.id, spec.mode === 'irsa' ? role.roleArn : undefined));
        manifests.set(spec.namespace, objects);
        if (spec.mode === 'pod-identity') {
          new eks.CfnPodIdentityAssociation(this, `${spec.id}-${name}-association`, {
            clusterName: cluster.clusterName,
            namespace: spec.namespace,
            serviceAccount: name,
            roleArn: role.roleArn,
          });
        }
      }
    }

    for (const [namespace, objects] of manifests) {
      const own = namespace === 'kube-system' ? [] : [namespaceObject(namespace, props.namespaceLabels?.[namespace])];
      new eks.KubernetesManifest(this, `service-accounts-${namespace}`, {
        cluster,
        manifest: [...own, ...objects],
        // Re-applying must not fight the charts that later own these namespaces.
        overwrite: true,
      });
    }
  }

  /** The role binding of a managed add-on, if the catalog gives it a role. */
  addonBinding(addon: string): AddonBinding | undefined {
    return this.bindings.get(addon);
  }
}

export function serviceAccount(namespace: string, name: string, roleId: string, roleArn?: string): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: {
      name,
      namespace,
      labels: { 'app.kubernetes.io/managed-by': 'eks-platform', 'eks-platform/workload-role': roleId },
      ...(roleArn ? { annotations: { 'eks.amazonaws.com/role-arn': roleArn } } : {}),
    },
  };
}

function namespaceObject(name: string, labels: Readonly<Record<string, string>> = {}): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name, labels: { 'app.kubernetes.io/managed-by': 'eks-platform', ...labels } },
  };
}

function fail(message: string): never {
  throw new Error(message);
}
