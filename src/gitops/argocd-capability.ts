import { Duration } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import type * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { clusterRegistration, platformProject } from './argocd-objects';
import type { ArgoCdModel } from './resolve';

export interface ArgoCdCapabilityProps {
  readonly cluster: eks.ICluster;
  readonly argocd: ArgoCdModel;
  /** The capability role (cluster stack). */
  readonly role: iam.IRole;
  /** Every repository the platform's Applications read (the AppProject admits these only). */
  readonly sourceRepos: readonly string[];
}

/**
 * The EKS-managed Argo CD on this cluster: the capability (its controllers run in AWS, not on the
 * nodes), a wait until its Application CRD and namespace exist, then this cluster's registration
 * and the platform's AppProject, applied by the kubectl provider. Deleting the capability keeps
 * what Argo CD deployed (RETAIN, the only policy EKS offers): the stack deletes every Application
 * first, and the finalizer of each removes its objects while Argo CD still runs.
 */
export class ArgoCdCapability extends Construct {
  readonly capability: eks.CfnCapability;
  /** Everything an Application needs first: the CRD, the namespace, the cluster and the project. */
  readonly ready: eks.KubernetesManifest;

  constructor(scope: Construct, id: string, props: ArgoCdCapabilityProps) {
    super(scope, id);
    const { cluster, argocd } = props;
    this.capability = new eks.CfnCapability(this, 'Capability', {
      capabilityName: argocd.capabilityName,
      clusterName: cluster.clusterName,
      type: 'ARGOCD',
      roleArn: props.role.roleArn,
      deletePropagationPolicy: 'RETAIN',
      configuration: {
        argoCd: {
          // Set, not defaulted: Applications must be created in the namespace the capability watches.
          namespace: argocd.namespace,
          awsIdc: { idcInstanceArn: argocd.identityCenter.instanceArn, idcRegion: argocd.identityCenter.region },
          rbacRoleMappings: argocd.roleMappings.map((m) => ({ role: m.role, identities: m.identities.map((i) => ({ id: i.id, type: i.type })) })),
        },
      },
    });

    // The kubectl provider applies Applications only once the capability has registered its CRD and
    // namespace (each a bounded poll of the provider's object-value handler, no extra function).
    const crd = new eks.KubernetesObjectValue(this, 'ApplicationCrd', {
      cluster,
      objectType: 'customresourcedefinition',
      objectName: 'applications.argoproj.io',
      jsonPath: '.status.acceptedNames.kind',
      timeout: Duration.minutes(10),
    });
    crd.node.addDependency(this.capability);
    const namespace = new eks.KubernetesObjectValue(this, 'Namespace', {
      cluster,
      objectType: 'namespace',
      objectName: argocd.namespace,
      jsonPath: '.status.phase',
      timeout: Duration.minutes(5),
    });
    namespace.node.addDependency(crd);

    this.ready = new eks.KubernetesManifest(this, 'Setup', {
      cluster,
      manifest: [
        clusterRegistration(argocd.namespace, cluster.clusterName, cluster.clusterArn),
        platformProject(argocd.namespace, argocd.project, props.sourceRepos, cluster.clusterArn),
      ],
      overwrite: true,
    });
    this.ready.node.addDependency(namespace);
  }
}
