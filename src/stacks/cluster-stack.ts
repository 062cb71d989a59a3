import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import { CfnOutput } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { PlatformModel } from '../config/model';
import { BottlerocketNodeGroup } from '../cluster/bottlerocket-node-group';
import { ControlPlaneIngress } from '../cluster/control-plane-ingress';
import { LoadBalancerClassPolicy } from '../cluster/load-balancer-class-policy';
import { CLEANUP_CONTROLLERS } from '../charts/chart-spec';
import { ManagedAddons } from '../cluster/managed-addons';
import { PlatformCluster } from '../cluster/platform-cluster';
import { WorkloadIdentity } from '../identity/workload-identity';
import { KarpenterInfrastructure } from '../karpenter/karpenter-infrastructure';
import { environmentRemovalPolicy } from '../security/removal-policy';
import { PlatformStack } from './platform-stack';
import { ArgoCdAccess } from '../gitops/argocd-access';

export interface ClusterStackProps {
  readonly model: PlatformModel;
  readonly vpc: ec2.IVpc;
  /** Attached to every node beside the cluster security group (data services admit it). */
  readonly workloadSecurityGroup: ec2.ISecurityGroup;
  /** The operator Client VPN's security group, admitted to the API on 443 while the endpoint runs. */
  readonly operatorVpnSecurityGroup?: ec2.ISecurityGroup;
}

/**
 * Lifecycle: the EKS cluster with its nodes, add-ons, access, OIDC provider and the
 * infrastructure workload identities. It reads nothing of the data stack, so the two deploy side
 * by side; the application roles live in the application stack.
 */
export class ClusterStack extends PlatformStack {
  readonly platformCluster: PlatformCluster;
  readonly nodeGroup: BottlerocketNodeGroup;
  readonly addons: ManagedAddons;
  /** The infrastructure roles of the catalog (the application stack holds the application roles). */
  readonly identity: WorkloadIdentity;
  /** Karpenter's Fargate profile, node role, access entry and interruption queue, when it is on. */
  readonly karpenter?: KarpenterInfrastructure;
  /** The admission policy that sends every LoadBalancer Service to the load balancer controller, while it is enabled. */
  readonly loadBalancerClassPolicy?: LoadBalancerClassPolicy;
  /** The Argo CD capability's role and access entry, in argocd mode (the capability is in the charts stack). */
  readonly argoCdAccess?: ArgoCdAccess;

  constructor(scope: Construct, id: string, props: ClusterStackProps) {
    super(scope, id, { model: props.model, purpose: 'EKS cluster, Bottlerocket node group, Karpenter infrastructure, managed add-ons and access' });
    const { model } = props;
    this.platformCluster = new PlatformCluster(this, 'Eks', { cluster: model.cluster, vpc: props.vpc, removalPolicy: environmentRemovalPolicy(model.data.retain) });
    const cluster = this.platformCluster.cluster;
    if (props.operatorVpnSecurityGroup) {
      new ControlPlaneIngress(this, 'OperatorVpnIngress', { cluster, source: props.operatorVpnSecurityGroup, description: 'Kubernetes API from the operator Client VPN' });
    }
    this.nodeGroup = new BottlerocketNodeGroup(this, 'Nodes', {
      cluster,
      clusterModel: model.cluster,
      nodeGroup: model.nodeGroup,
      tags: model.tags,
      securityGroupIds: [cluster.clusterSecurityGroupId, props.workloadSecurityGroup.securityGroupId],
    });
    this.identity = new WorkloadIdentity(this, 'Identity', { cluster, roles: model.identity.roles.filter((r) => r.kind === 'infrastructure') });
    if (model.karpenter) {
      this.karpenter = new KarpenterInfrastructure(this, 'Karpenter', {
        cluster,
        clusterName: model.cluster.name,
        vpc: props.vpc,
        karpenter: model.karpenter,
        nodeRolePolicies: model.nodeGroup.rolePolicies,
      });
    }
    if (model.chartDelivery.mode === 'argocd') this.argoCdAccess = new ArgoCdAccess(this, 'ArgoCdAccess', { cluster, argocd: model.chartDelivery.argocd });
    this.addons = new ManagedAddons(this, 'Addons', { cluster, addons: model.addons, nodegroup: this.nodeGroup.nodegroup, identity: this.identity });
    // In place before the charts stack starts, so no Service, of a chart or of anyone, precedes it.
    if (model.charts.entries.some((e) => e.id === CLEANUP_CONTROLLERS['load-balancers'])) {
      this.loadBalancerClassPolicy = new LoadBalancerClassPolicy(this, 'LoadBalancerClassPolicy', { cluster });
    }

    new CfnOutput(this, 'ClusterName', { value: cluster.clusterName });
    new CfnOutput(this, 'OidcProviderArn', { value: cluster.openIdConnectProvider.openIdConnectProviderArn });
    new CfnOutput(this, 'KubeconfigCommand', { value: `aws eks update-kubeconfig --name ${model.cluster.name} --region ${model.region}` });
  }
}
