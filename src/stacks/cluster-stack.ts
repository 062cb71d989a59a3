import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import { CfnOutput } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { PlatformModel } from '../config/model';
import { BottlerocketNodeGroup } from '../cluster/bottlerocket-node-group';
import { ManagedAddons } from '../cluster/managed-addons';
import { PlatformCluster } from '../cluster/platform-cluster';
import { WorkloadIdentity } from '../identity/workload-identity';
import { PlatformStack } from './platform-stack';

export interface ClusterStackProps {
  readonly model: PlatformModel;
  readonly vpc: ec2.IVpc;
}

/** Lifecycle: the EKS cluster with its nodes, add-ons, access, OIDC provider and workload identities. */
export class ClusterStack extends PlatformStack {
  readonly platformCluster: PlatformCluster;
  readonly nodeGroup: BottlerocketNodeGroup;
  readonly addons: ManagedAddons;
  readonly identity: WorkloadIdentity;

  constructor(scope: Construct, id: string, props: ClusterStackProps) {
    super(scope, id, { model: props.model, purpose: 'EKS cluster, Bottlerocket node group, managed add-ons and access' });
    const { model } = props;
    this.platformCluster = new PlatformCluster(this, 'Eks', { cluster: model.cluster, vpc: props.vpc });
    const cluster = this.platformCluster.cluster;
    this.nodeGroup = new BottlerocketNodeGroup(this, 'Nodes', {
      cluster,
      clusterModel: model.cluster,
      nodeGroup: model.nodeGroup,
      tags: model.tags,
    });
    this.identity = new WorkloadIdentity(this, 'Identity', { cluster, mode: model.identity.mode, roles: model.identity.roles });
    this.addons = new ManagedAddons(this, 'Addons', { cluster, addons: model.addons, nodegroup: this.nodeGroup.nodegroup, identity: this.identity });

    new CfnOutput(this, 'ClusterName', { value: cluster.clusterName });
    new CfnOutput(this, 'OidcProviderArn', { value: cluster.openIdConnectProvider.openIdConnectProviderArn });
    new CfnOutput(this, 'KubeconfigCommand', { value: `aws eks update-kubeconfig --name ${model.cluster.name} --region ${model.region}` });
  }
}
