import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { PlatformModel } from '../config/model';
import { bottlerocketUserData } from './bottlerocket-settings';
import { createNodeRole } from './node-role';

export interface BottlerocketNodeGroupProps {
  readonly cluster: eks.Cluster;
  /** The cluster's settings from the model (name, DNS address). */
  readonly clusterModel: PlatformModel['cluster'];
  readonly nodeGroup: PlatformModel['nodeGroup'];
  /** Tags for the instances, volumes and network interfaces the group launches. */
  readonly tags: Readonly<Record<string, string>>;
  /** Security groups of the nodes (and so of their pods); must include the cluster security group. */
  readonly securityGroupIds: readonly string[];
}

/** Bottlerocket block devices: the OS volume and the data volume that holds images and containers. */
const OS_DEVICE = '/dev/xvda';
const DATA_DEVICE = '/dev/xvdb';

/**
 * The managed node group of SPEC section 4: Bottlerocket through a launch template that carries
 * the TOML settings, IMDSv2 with an explicit hop limit, encrypted gp3 volumes and tags for
 * everything it launches.
 */
export class BottlerocketNodeGroup extends Construct {
  readonly nodegroup: eks.Nodegroup;
  readonly launchTemplate: ec2.CfnLaunchTemplate;
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: BottlerocketNodeGroupProps) {
    super(scope, id);
    const model = props.nodeGroup;

    this.role = createNodeRole(this, 'NodeRole', { description: `Bottlerocket nodes of ${model.name}`, policies: model.rolePolicies });

    // The cluster ownership tag marks the instances as cluster nodes (application roles may never stop them).
    const ownership = { [`kubernetes.io/cluster/${props.clusterModel.name}`]: 'owned' };
    const tags = Object.entries({ Name: model.name, ...props.tags, ...ownership, ...model.autoscalerTags }).map(([key, value]) => ({ key, value }));
    const ebs = (volumeSize: number) => ({ volumeSize, volumeType: 'gp3', encrypted: true, deleteOnTermination: true });

    this.launchTemplate = new ec2.CfnLaunchTemplate(this, 'LaunchTemplate', {
      launchTemplateName: model.name,
      launchTemplateData: {
        userData: bottlerocketUserData({
          clusterName: props.clusterModel.name,
          apiServer: props.cluster.clusterEndpoint,
          clusterCertificate: props.cluster.clusterCertificateAuthorityData,
          clusterDnsIp: props.clusterModel.clusterDnsIp,
          nodeLabels: model.labels,
        }),
        // A launch template that names groups replaces EKS's default, so the cluster group is listed too.
        securityGroupIds: [...props.securityGroupIds],
        metadataOptions: {
          httpTokens: 'required',
          httpEndpoint: 'enabled',
          httpPutResponseHopLimit: model.metadataHopLimit,
          instanceMetadataTags: 'disabled',
        },
        blockDeviceMappings: [
          { deviceName: OS_DEVICE, ebs: ebs(model.osVolumeGiB) },
          { deviceName: DATA_DEVICE, ebs: ebs(model.dataVolumeGiB) },
        ],
        tagSpecifications: ['instance', 'volume', 'network-interface'].map((resourceType) => ({ resourceType, tags })),
      },
    });

    this.nodegroup = new eks.Nodegroup(this, 'Nodegroup', {
      cluster: props.cluster,
      nodegroupName: model.name,
      amiType: model.amiType as unknown as eks.NodegroupAmiType,
      instanceTypes: model.instanceTypes.map((t) => new ec2.InstanceType(t)),
      capacityType: model.capacityType === 'SPOT' ? eks.CapacityType.SPOT : eks.CapacityType.ON_DEMAND,
      minSize: model.minSize,
      maxSize: model.maxSize,
      desiredSize: model.desiredSize,
      // Respect PodDisruptionBudgets during node updates unless the environment says otherwise.
      forceUpdate: model.forceUpdate,
      nodeRole: this.role,
      subnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      launchTemplateSpec: { id: this.launchTemplate.ref, version: this.launchTemplate.attrLatestVersionNumber },
      labels: { ...model.labels },
      // The autoscaler discovers the group's Auto Scaling group by these tags.
      tags: { ...props.tags, ...model.autoscalerTags },
      // The release changes only when the file says so; the update rolls at the configured pace.
      releaseVersion: model.releaseVersion,
      ...model.update,
      enableNodeAutoRepair: true,
    });
    // aws-cdk-lib always renders a desired size (minSize when none is given); only the
    // environment's own value may reach the template (model.ts, docs/capacity.md).
    if (model.desiredSize === undefined) (this.nodegroup.node.defaultChild as eks.CfnNodegroup).addPropertyDeletionOverride('ScalingConfig.DesiredSize');
    // The group follows the cluster's minor in the same deploy that moves the control plane
    // (aws-eks-v2 leaves Version unset, which keeps the minor of the group's creation).
    (this.nodegroup.node.defaultChild as eks.CfnNodegroup).version = props.clusterModel.kubernetesVersion;
  }
}
