import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { RemovalPolicies, type RemovalPolicy } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { PlatformModel } from '../config/model';
import { LogGroupKey } from '../security/log-group-key';
import { ClusterAccess } from './cluster-access';
import { KubectlSecurityGroup } from './kubectl-security-group';
import { kubectlLayer } from './kubectl-layer';

export interface PlatformClusterProps {
  readonly cluster: PlatformModel['cluster'];
  readonly vpc: ec2.IVpc;
  /** The environment's removal policy for the control-plane logs and their key (and the kubectl provider's logs). */
  readonly removalPolicy: RemovalPolicy;
}

/**
 * The EKS control plane (SPEC section 3): private endpoint, envelope encryption of secrets with
 * a customer key, every control-plane log type in a log group we own (so its retention and
 * encryption are ours), access entries instead of aws-auth, and the IAM OIDC provider.
 */
export class PlatformCluster extends Construct {
  readonly cluster: eks.Cluster;
  readonly key: kms.Key;
  readonly logGroup: logs.LogGroup;
  readonly role: iam.Role;
  /** The kubectl provider's own security group, admitted to the API server on 443 by the control plane's group. */
  readonly kubectlSecurityGroup: KubectlSecurityGroup;

  constructor(scope: Construct, id: string, props: PlatformClusterProps) {
    super(scope, id);
    const model = props.cluster;

    this.key = new LogGroupKey(this, 'Key', {
      alias: `alias/${model.name}-eks`,
      description: `EKS secrets envelope encryption and control-plane logs of ${model.name}`,
      logGroupNames: [model.logGroupName],
      removalPolicy: props.removalPolicy,
    });

    // EKS writes into /aws/eks/<name>/cluster; creating it first lets us set retention and the key.
    this.logGroup = new logs.LogGroup(this, 'ControlPlaneLogs', {
      logGroupName: model.logGroupName,
      retention: model.logRetentionDays as logs.RetentionDays,
      encryptionKey: this.key,
      // Named: a copy left behind by a `destroy` environment would fail its next deploy ("already exists").
      removalPolicy: props.removalPolicy,
    });

    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('eks.amazonaws.com'),
      description: `EKS control plane role of ${model.name}`,
      managedPolicies: model.rolePolicies.map((p) => iam.ManagedPolicy.fromAwsManagedPolicyName(p)),
    });

    this.kubectlSecurityGroup = new KubectlSecurityGroup(this, 'Kubectl', { vpc: props.vpc, clusterName: model.name });

    this.cluster = new eks.Cluster(this, 'Cluster', {
      clusterName: model.name,
      version: eks.KubernetesVersion.of(model.kubernetesVersion),
      vpc: props.vpc,
      vpcSubnets: [{ subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }],
      role: this.role,
      endpointAccess:
        model.endpoint.mode === 'private'
          ? eks.EndpointAccess.PRIVATE
          : eks.EndpointAccess.PUBLIC_AND_PRIVATE.onlyFrom(...model.endpoint.publicCidrs),
      serviceIpv4Cidr: model.servicesCidr,
      secretsEncryptionKey: this.key,
      clusterLogging: model.logTypes.map((t) => t as eks.ClusterLoggingTypes),
      // Managed node groups and add-ons are ours; no Auto Mode, no self-managed default add-ons.
      defaultCapacityType: eks.DefaultCapacityType.NODEGROUP,
      defaultCapacity: 0,
      bootstrapSelfManagedAddons: false,
      // Nobody gets silent admin: every grant is an access entry from the environment file.
      bootstrapClusterCreatorAdminPermissions: false,
      // One kubectl provider for the whole platform (service accounts now, charts later).
      // Its functions get a security group of their own (kubectl-security-group.ts), not the cluster's.
      kubectlProviderOptions: { kubectlLayer: kubectlLayer(this, 'KubectlLayer', model.kubernetesVersion), securityGroups: [this.kubectlSecurityGroup.securityGroup] },
    });
    this.kubectlSecurityGroup.admitTo(this.cluster);
    this.cluster.node.addDependency(this.logGroup);
    // The kubectl provider's Lambda log groups (aws-cdk-lib creates them, retained by default).
    RemovalPolicies.of(this.cluster).apply(props.removalPolicy, { applyToResourceTypes: ['AWS::Logs::LogGroup'] });
    // Never moved into paid extended support without a decision in the file (STANDARD by default).
    (this.cluster.node.defaultChild as eks.CfnCluster).upgradePolicy = { supportType: model.upgradePolicy.supportType };

    new ClusterAccess(this, 'Access', { cluster: this.cluster, grants: model.access });
  }
}
