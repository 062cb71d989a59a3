/**
 * Typical creation times, in minutes, of what the platform's templates create: one table per
 * CloudFormation resource type, one per Helm chart (a release of the kubectl provider, with its
 * wait) and the few cases where a property changes the time (interface or gateway endpoint,
 * Lambda inside or outside a VPC, hosted secret rotation). Every figure names its source: a
 * published measurement or AWS's documentation where one exists, otherwise "estimate" and why.
 * The deploy plan (src/plan/deploy-plan.ts) models every stack with these figures; the
 * generated docs/deploy-time.md prints the table. Real deploys vary by region and load: the
 * model compares designs, it does not promise a wall-clock time.
 */

export interface Minutes {
  readonly minutes: number;
  readonly source: string;
}

const m = (minutes: number, source: string): Minutes => ({ minutes, source });

const TF_VPC_LOG = 'Terraform logs: VPC 20 s and 39 s, subnet 5-8 s (turbot/steampipe-plugin-aws#184, #246)';
const SECONDS = 'estimate: one control-plane API call, complete within seconds';
const IAM = 'estimate: CloudFormation waits a few seconds for IAM to propagate before it reports the resource complete';
const KUBECTL_WORK =
  'the kubectl handler Lambda starts, writes a kubeconfig (aws eks update-kubeconfig) and, for charts, pulls the chart';

/** Creation time by CloudFormation resource type. */
export const RESOURCE_MINUTES: Readonly<Record<string, Minutes>> = {
  // Network
  'AWS::EC2::VPC': m(0.5, TF_VPC_LOG),
  'AWS::EC2::Subnet': m(0.2, TF_VPC_LOG),
  'AWS::EC2::InternetGateway': m(0.1, SECONDS),
  'AWS::EC2::VPCGatewayAttachment': m(0.2, 'estimate: the attachment completes in seconds; CloudFormation then waits briefly for it'),
  'AWS::EC2::RouteTable': m(0.1, SECONDS),
  'AWS::EC2::Route': m(0.1, SECONDS),
  'AWS::EC2::SubnetRouteTableAssociation': m(0.05, 'Terraform log: route table associations complete after 1 s (terraform-aws-modules/terraform-aws-eks#2203)'),
  'AWS::EC2::EIP': m(0.1, SECONDS),
  'AWS::EC2::NatGateway': m(2, 'estimate: pending to available in 1-2 min (eks-platform issue 13 measured ~2); Terraform allows 10 min'),
  'AWS::EC2::SecurityGroup': m(0.1, 'Terraform log: security group rules complete after 2-5 s (hashicorp-education/learn-terraform-variables#6)'),
  'AWS::EC2::SecurityGroupIngress': m(0.05, 'Terraform log: security group rules complete after 2-5 s (hashicorp-education/learn-terraform-variables#6)'),
  'AWS::EC2::SecurityGroupEgress': m(0.05, 'Terraform log: security group rules complete after 2-5 s (hashicorp-education/learn-terraform-variables#6)'),
  'AWS::EC2::FlowLog': m(0.1, SECONDS),
  'AWS::EC2::LaunchTemplate': m(0.1, SECONDS),
  // Keys, identity, logs, storage
  'AWS::KMS::Key': m(0.5, 'estimate: CloudFormation reports a new key after its policy is in place, usually well under a minute'),
  'AWS::KMS::Alias': m(0.05, SECONDS),
  'AWS::IAM::Role': m(0.25, IAM),
  'AWS::IAM::Policy': m(0.25, IAM),
  'AWS::IAM::Group': m(0.1, IAM),
  'AWS::IAM::OIDCProvider': m(0.1, SECONDS),
  'AWS::IAM::ServiceLinkedRole': m(0.2, IAM),
  'AWS::Logs::LogGroup': m(0.05, SECONDS),
  'AWS::S3::Bucket': m(0.4, 'estimate: CloudFormation waits until the new bucket answers, typically 20-30 s'),
  'AWS::S3::BucketPolicy': m(0.05, SECONDS),
  'AWS::SSM::Parameter': m(0.05, SECONDS),
  'AWS::SQS::Queue': m(0.5, 'estimate: CloudFormation waits for the new queue to be usable'),
  'AWS::SQS::QueuePolicy': m(0.1, SECONDS),
  'AWS::Events::Rule': m(0.1, SECONDS),
  'AWS::ECR::Repository': m(0.1, SECONDS),
  'AWS::ECR::PullThroughCacheRule': m(0.1, SECONDS),
  'AWS::ECR::RepositoryCreationTemplate': m(0.1, SECONDS),
  'AWS::SecretsManager::Secret': m(0.1, SECONDS),
  'AWS::SecretsManager::SecretTargetAttachment': m(0.1, SECONDS),
  'AWS::SecretsManager::RotationSchedule': m(0.2, SECONDS),
  'AWS::CloudFormation::WaitConditionHandle': m(0, 'no AWS resource: a marker CloudFormation creates instantly'),
  'AWS::Lambda::LayerVersion': m(0.3, 'estimate: the layer (the kubectl layer is tens of MB) is copied from the asset bucket'),
  'AWS::Lambda::Function': m(0.5, 'Terraform acceptance tests: 23-43 s per function (hashicorp/terraform-provider-aws commit 922037e)'),
  // Custom resources backed by small CDK Lambda functions (CfnJson, default security group restriction)
  'Custom::AWSCDKCfnJson': m(0.2, 'estimate: one invocation of a warm CDK provider function'),
  'Custom::VpcRestrictDefaultSG': m(0.2, 'estimate: one invocation that revokes two rules'),
  // EKS
  'AWS::EKS::Cluster': m(
    10,
    'Terraform log: cluster "Creation complete after 10m6s" (terraform-aws-modules/terraform-aws-eks#3218); one published survey measured 13-16 min across 21 regions (easontechtalk.com, "Unofficial EKS cluster creation performance"): the largest uncertainty of the model',
  ),
  'AWS::EKS::Nodegroup': m(3, 'Terraform log: managed node groups complete after 1m48s and 1m59s (DevopsArtFactory/terraform-provisioning#46); 3 with margin for Bottlerocket nodes to join'),
  'AWS::EKS::Addon': m(1.5, 'estimate: ACTIVE once its pods run (an add-on that needs nodes stays DEGRADED without them: terraform-aws-modules/terraform-aws-eks#3001)'),
  'AWS::EKS::AccessEntry': m(0.1, SECONDS),
  'AWS::EKS::PodIdentityAssociation': m(0.1, SECONDS),
  'AWS::EKS::Capability': m(5, 'estimate, no published measurement: CloudFormation waits for ACTIVE while EKS starts Argo CD outside the cluster; community scripts poll up to 10 min'),
  'Custom::AWSCDK-EKS-KubernetesObjectValue': m(0.5, 'estimate: one kubectl get through the kubectl provider, polled every 10 s until the object exists'),
  'AWS::EKS::FargateProfile': m(2, 'create is asynchronous, CREATING to ACTIVE in ~1-2 min, one profile operation per cluster at a time (alchemy.run AWS.EKS.FargateProfile docs; EKS CreateFargateProfile API reference)'),
  // Data
  'AWS::RDS::DBSubnetGroup': m(0.1, SECONDS),
  'AWS::RDS::DBClusterParameterGroup': m(0.1, SECONDS),
  'AWS::RDS::DBParameterGroup': m(0.1, SECONDS),
  'AWS::RDS::DBCluster': m(6, 'estimate: eks-platform issue 13 measured ~18 min for an Aurora cluster and its writer; split 6 (cluster storage) + 12 (instance)'),
  'AWS::RDS::DBInstance': m(12, 'estimate: eks-platform issue 13 measured ~18 min for an Aurora cluster and its writer; split 6 (cluster storage) + 12 (instance)'),
  'AWS::DocDB::DBSubnetGroup': m(0.1, SECONDS),
  'AWS::DocDB::DBClusterParameterGroup': m(0.1, SECONDS),
  'AWS::DocDB::DBCluster': m(6, 'estimate: eks-platform issue 13 measured ~18 min for a DocumentDB cluster and its instance; split as for Aurora'),
  'AWS::DocDB::DBInstance': m(12, 'estimate: eks-platform issue 13 measured ~18 min for a DocumentDB cluster and its instance; split as for Aurora'),
  'AWS::ElastiCache::SubnetGroup': m(0.1, SECONDS),
  'AWS::ElastiCache::ReplicationGroup': m(12, 'estimate: eks-platform issue 13 measured ~12 min; Terraform allows 60 min (hashicorp/terraform-provider-aws#4093)'),
  'AWS::EFS::FileSystem': m(0.5, 'estimate: CloudFormation waits for the file system to become available, usually seconds'),
  'AWS::EFS::MountTarget': m(1.5, 'EFS user guide: DNS records of a new mount target can take up to 90 s to propagate'),
  'AWS::EFS::AccessPoint': m(0.1, SECONDS),
  // Compliance and audit (issue 16)
  'AWS::IAM::ManagedPolicy': m(0.25, IAM),
  'AWS::Backup::BackupVault': m(0.1, SECONDS),
  'AWS::Backup::BackupPlan': m(0.1, SECONDS),
  'AWS::Backup::BackupSelection': m(0.25, IAM),
  'AWS::CloudTrail::Trail': m(0.2, 'estimate: CreateTrail and StartLogging, two API calls that check the bucket, key and role first'),
  'AWS::GuardDuty::Detector': m(0.1, SECONDS),
  'AWS::Logs::MetricFilter': m(0.05, SECONDS),
  'AWS::CloudWatch::Alarm': m(0.05, SECONDS),
  'AWS::SNS::Topic': m(0.1, SECONDS),
  'AWS::SNS::TopicPolicy': m(0.05, SECONDS),
  'AWS::SNS::Subscription': m(0.05, SECONDS),
};

/** Unknown types: most AWS resources are one API call; the plan lists them so the table can grow. */
export const UNKNOWN_TYPE = m(0.25, 'estimate: not in the table; most resources are one API call');

/** Cases where a property, not the type alone, decides the time. */
export const VARIANTS = {
  interfaceEndpoint: m(2, 'estimate: one network interface per subnet plus private DNS, ~2 min (eks-platform issue 13 measured ~2)'),
  gatewayEndpoint: m(0.2, SECONDS),
  lambdaInVpc: m(
    1.5,
    'estimate: the function stays Pending until Lambda has made its Hyperplane network interface in the VPC, which AWS\'s Lambda guide says can take several minutes for a new subnet and security group pair',
  ),
  hostedRotation: m(
    3,
    'estimate: Secrets Manager\'s transform adds a nested stack with the rotation function in the VPC (a Lambda in a VPC, plus the stack itself)',
  ),
} as const;

/** A Helm release through the kubectl provider, with `wait`: the handler's work plus the chart's pods becoming ready. */
export const HELM_RELEASE = m(2, `estimate (eks-platform issue 13 measured ~2): ${KUBECTL_WORK}, then Helm waits for the pods`);

/** Helm charts that differ from the default, by chart name. */
export const HELM_CHART_MINUTES: Readonly<Record<string, Minutes>> = {
  base: m(0.75, `estimate: CRDs and a webhook configuration, no pods to wait for; ${KUBECTL_WORK}`),
  'karpenter-crd': m(0.75, `estimate: CRDs only, no pods to wait for; ${KUBECTL_WORK}`),
  karpenter: m(3, 'estimate: each controller pod waits for its own Fargate node (about a minute) before it pulls its image'),
  gateway: m(2.5, 'estimate: Helm waits for the LoadBalancer Service to get the NLB\'s hostname from the load balancer controller'),
  'cert-manager': m(2.5, 'estimate: the post-install startupapicheck job waits for the webhook to answer'),
  prometheus: m(3, 'estimate: the server waits for its EBS volume to be created and attached'),
};

/** Kubernetes objects applied by the kubectl provider (no wait). */
export const KUBERNETES_OBJECTS = m(0.5, `estimate: ${KUBECTL_WORK.replace(' and, for charts, pulls the chart', '')} and runs kubectl apply`);

/** What every stack costs besides its resources. */
export const STACK_OVERHEAD = m(0.5, 'estimate: the CLI creates and executes a change set and polls for completion');

export interface ResourceLike {
  readonly type: string;
  readonly properties: Record<string, unknown>;
}

/** The figure that applies to one resource, and the key it was found under (for the report). */
export function minutesOf(resource: ResourceLike): Minutes & { readonly key: string } {
  const { type, properties: p } = resource;
  if (type === 'Custom::AWSCDK-EKS-HelmChart') {
    const chart = typeof p.Chart === 'string' ? p.Chart : '';
    const known = HELM_CHART_MINUTES[chart];
    return { ...(known ?? HELM_RELEASE), key: known ? `Helm chart ${chart}` : `Helm chart ${chart} (default)` };
  }
  if (type === 'Custom::AWSCDK-EKS-KubernetesResource') return { ...KUBERNETES_OBJECTS, key: 'Kubernetes objects' };
  if (type === 'AWS::EC2::VPCEndpoint') {
    return p.VpcEndpointType === 'Interface' ? { ...VARIANTS.interfaceEndpoint, key: 'interface endpoint' } : { ...VARIANTS.gatewayEndpoint, key: 'gateway endpoint' };
  }
  if (type === 'AWS::Lambda::Function' && p.VpcConfig) return { ...VARIANTS.lambdaInVpc, key: 'Lambda in a VPC' };
  if (type === 'AWS::SecretsManager::RotationSchedule' && p.HostedRotationLambda) return { ...VARIANTS.hostedRotation, key: 'hosted rotation' };
  const known = RESOURCE_MINUTES[type];
  return { ...(known ?? UNKNOWN_TYPE), key: known ? type : `${type} (not in the table)` };
}
