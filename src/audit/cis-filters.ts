/**
 * The metric filters and alarms the CIS AWS Foundations Benchmark recommends on the trail's log
 * group (section 4 of v1.4.0, "Monitoring"), with AWS Security Hub's control for each. The
 * patterns are the published ones, character for character: Security Hub's checks fail a filter
 * with any added field or term ("the exact metric filters prescribed by CIS"). Source:
 * awsdocs/aws-security-hub-user-guide at bda5bf7 (the last commit before the guide moved into the
 * AWS documentation site), doc_source/cloudwatch-controls.md, controls CloudWatch.1 to
 * CloudWatch.14, each pattern quoted from the control's remediation.
 *
 * Two filters are the platform's own, for the events CIS has no filter for: changes to EKS
 * clusters and to who may reach them (access entries, access policies, identity providers, Pod
 * Identity associations). Their event names are the EKS API's operations (Amazon EKS API
 * Reference, "Actions").
 */

export interface CisFilter {
  /** Resource id and metric name. */
  readonly id: string;
  /** CIS AWS Foundations Benchmark v1.4.0 recommendation, or none for the platform's own. */
  readonly cis?: string;
  /** AWS Security Hub control that checks it. */
  readonly securityHub?: string;
  readonly title: string;
  readonly pattern: string;
}

export const CIS_FILTERS: readonly CisFilter[] = [
  {
    id: 'UnauthorizedApiCalls',
    cis: '4.1',
    securityHub: 'CloudWatch.2',
    title: 'unauthorized API calls',
    pattern: '{($.errorCode="*UnauthorizedOperation") || ($.errorCode="AccessDenied*")}',
  },
  {
    id: 'ConsoleSignInWithoutMfa',
    cis: '4.2',
    securityHub: 'CloudWatch.3',
    title: 'Management Console sign-in without MFA',
    pattern: '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }',
  },
  {
    id: 'RootUsage',
    cis: '4.3',
    securityHub: 'CloudWatch.1',
    title: 'usage of the root user',
    pattern: '{$.userIdentity.type="Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType !="AwsServiceEvent"}',
  },
  {
    id: 'IamPolicyChanges',
    cis: '4.4',
    securityHub: 'CloudWatch.4',
    title: 'IAM policy changes',
    pattern:
      '{($.eventName=DeleteGroupPolicy) || ($.eventName=DeleteRolePolicy) || ($.eventName=DeleteUserPolicy) || ($.eventName=PutGroupPolicy) || ($.eventName=PutRolePolicy) || ($.eventName=PutUserPolicy) || ($.eventName=CreatePolicy) || ($.eventName=DeletePolicy) || ($.eventName=CreatePolicyVersion) || ($.eventName=DeletePolicyVersion) || ($.eventName=AttachRolePolicy) || ($.eventName=DetachRolePolicy) || ($.eventName=AttachUserPolicy) || ($.eventName=DetachUserPolicy) || ($.eventName=AttachGroupPolicy) || ($.eventName=DetachGroupPolicy)}',
  },
  {
    id: 'CloudTrailChanges',
    cis: '4.5',
    securityHub: 'CloudWatch.5',
    title: 'CloudTrail configuration changes',
    pattern: '{($.eventName=CreateTrail) || ($.eventName=UpdateTrail) || ($.eventName=DeleteTrail) || ($.eventName=StartLogging) || ($.eventName=StopLogging)}',
  },
  {
    id: 'ConsoleAuthenticationFailures',
    cis: '4.6',
    securityHub: 'CloudWatch.6',
    title: 'Management Console authentication failures',
    pattern: '{($.eventName=ConsoleLogin) && ($.errorMessage="Failed authentication")}',
  },
  {
    id: 'KeyDisablingOrDeletion',
    cis: '4.7',
    securityHub: 'CloudWatch.7',
    title: 'disabling or scheduled deletion of customer managed keys',
    pattern: '{($.eventSource=kms.amazonaws.com) && (($.eventName=DisableKey) || ($.eventName=ScheduleKeyDeletion))}',
  },
  {
    id: 'S3BucketPolicyChanges',
    cis: '4.8',
    securityHub: 'CloudWatch.8',
    title: 'S3 bucket policy changes',
    pattern:
      '{($.eventSource=s3.amazonaws.com) && (($.eventName=PutBucketAcl) || ($.eventName=PutBucketPolicy) || ($.eventName=PutBucketCors) || ($.eventName=PutBucketLifecycle) || ($.eventName=PutBucketReplication) || ($.eventName=DeleteBucketPolicy) || ($.eventName=DeleteBucketCors) || ($.eventName=DeleteBucketLifecycle) || ($.eventName=DeleteBucketReplication))}',
  },
  {
    id: 'ConfigChanges',
    cis: '4.9',
    securityHub: 'CloudWatch.9',
    title: 'AWS Config configuration changes',
    pattern: '{($.eventSource=config.amazonaws.com) && (($.eventName=StopConfigurationRecorder) || ($.eventName=DeleteDeliveryChannel) || ($.eventName=PutDeliveryChannel) || ($.eventName=PutConfigurationRecorder))}',
  },
  {
    id: 'SecurityGroupChanges',
    cis: '4.10',
    securityHub: 'CloudWatch.10',
    title: 'security group changes',
    pattern:
      '{($.eventName=AuthorizeSecurityGroupIngress) || ($.eventName=AuthorizeSecurityGroupEgress) || ($.eventName=RevokeSecurityGroupIngress) || ($.eventName=RevokeSecurityGroupEgress) || ($.eventName=CreateSecurityGroup) || ($.eventName=DeleteSecurityGroup)}',
  },
  {
    id: 'NetworkAclChanges',
    cis: '4.11',
    securityHub: 'CloudWatch.11',
    title: 'network ACL changes',
    pattern:
      '{($.eventName=CreateNetworkAcl) || ($.eventName=CreateNetworkAclEntry) || ($.eventName=DeleteNetworkAcl) || ($.eventName=DeleteNetworkAclEntry) || ($.eventName=ReplaceNetworkAclEntry) || ($.eventName=ReplaceNetworkAclAssociation)}',
  },
  {
    id: 'NetworkGatewayChanges',
    cis: '4.12',
    securityHub: 'CloudWatch.12',
    title: 'network gateway changes',
    pattern:
      '{($.eventName=CreateCustomerGateway) || ($.eventName=DeleteCustomerGateway) || ($.eventName=AttachInternetGateway) || ($.eventName=CreateInternetGateway) || ($.eventName=DeleteInternetGateway) || ($.eventName=DetachInternetGateway)}',
  },
  {
    id: 'RouteTableChanges',
    cis: '4.13',
    securityHub: 'CloudWatch.13',
    title: 'route table changes',
    pattern:
      '{($.eventName=CreateRoute) || ($.eventName=CreateRouteTable) || ($.eventName=ReplaceRoute) || ($.eventName=ReplaceRouteTableAssociation) || ($.eventName=DeleteRouteTable) || ($.eventName=DeleteRoute) || ($.eventName=DisassociateRouteTable)}',
  },
  {
    id: 'VpcChanges',
    cis: '4.14',
    securityHub: 'CloudWatch.14',
    title: 'VPC changes',
    pattern:
      '{($.eventName=CreateVpc) || ($.eventName=DeleteVpc) || ($.eventName=ModifyVpcAttribute) || ($.eventName=AcceptVpcPeeringConnection) || ($.eventName=CreateVpcPeeringConnection) || ($.eventName=DeleteVpcPeeringConnection) || ($.eventName=RejectVpcPeeringConnection) || ($.eventName=AttachClassicLinkVpc) || ($.eventName=DetachClassicLinkVpc) || ($.eventName=DisableVpcClassicLink) || ($.eventName=EnableVpcClassicLink)}',
  },
  {
    id: 'EksClusterChanges',
    title: 'EKS cluster changes (creation, deletion, configuration, version, encryption)',
    pattern:
      '{($.eventSource=eks.amazonaws.com) && (($.eventName=CreateCluster) || ($.eventName=DeleteCluster) || ($.eventName=UpdateClusterConfig) || ($.eventName=UpdateClusterVersion) || ($.eventName=AssociateEncryptionConfig))}',
  },
  {
    id: 'EksAccessChanges',
    title: 'EKS access changes (access entries and policies, identity providers, Pod Identity associations)',
    pattern:
      '{($.eventSource=eks.amazonaws.com) && (($.eventName=CreateAccessEntry) || ($.eventName=UpdateAccessEntry) || ($.eventName=DeleteAccessEntry) || ($.eventName=AssociateAccessPolicy) || ($.eventName=DisassociateAccessPolicy) || ($.eventName=AssociateIdentityProviderConfig) || ($.eventName=DisassociateIdentityProviderConfig) || ($.eventName=CreatePodIdentityAssociation) || ($.eventName=UpdatePodIdentityAssociation) || ($.eventName=DeletePodIdentityAssociation))}',
  },
];
