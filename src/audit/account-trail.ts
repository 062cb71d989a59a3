import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { LogGroupKey } from '../security/log-group-key';
import { CustomerManagedPolicy } from '../security/managed-policy';
import type { AccountAudit } from './account';
import { secureBucketProps } from '../security/bucket-defaults';

/** Object operations the trail bucket refuses to everyone (its log files are evidence). */
export const DENIED_DELETES = ['s3:DeleteObject', 's3:DeleteObjectVersion'] as const;

export interface AccountTrailProps {
  readonly trail: NonNullable<AccountAudit['trail']>;
  readonly retain: boolean;
  /** The audit key: log files, the log group and the alarm topic. */
  readonly key: LogGroupKey;
}

/**
 * The account's multi-Region CloudTrail trail (CIS 3.1-3.7): management events of every Region,
 * global service events, log file validation (digest files sign each hour's logs), SSE-KMS with
 * the audit key, and delivery to CloudWatch Logs for the metric filters. The bucket denies every
 * deletion of a log file to everyone and, where the account retains data, locks each file in
 * Object Lock compliance mode for the retention period (not even the root user can delete it
 * early); its access is logged to a second bucket. Buckets are unnamed and always kept: a copy left
 * by a deleted stack never blocks the next deploy, and evidence never goes with a stack.
 */
export class AccountTrail extends Construct {
  readonly bucket: s3.Bucket;
  readonly accessLogs: s3.Bucket;
  readonly logGroup: logs.LogGroup;
  readonly trail: cloudtrail.CfnTrail;
  readonly trailArn: string;

  constructor(scope: Construct, id: string, props: AccountTrailProps) {
    super(scope, id);
    const { trail, retain, key } = props;
    const stack = Stack.of(this);
    this.trailArn = `arn:${stack.partition}:cloudtrail:${stack.region}:${stack.account}:trail/${trail.name}`;
    const fromThisTrail = { StringEquals: { 'aws:SourceArn': this.trailArn } };
    const cloudTrail = new iam.ServicePrincipal('cloudtrail.amazonaws.com');

    const common = secureBucketProps(RemovalPolicy.RETAIN);
    this.accessLogs = new s3.Bucket(this, 'AccessLogs', {
      ...common,
      // S3 server access logging delivers only into SSE-S3 buckets.
      encryption: s3.BucketEncryption.S3_MANAGED,
      lifecycleRules: [{ id: 'expire-logs', expiration: Duration.days(trail.retentionDays), noncurrentVersionExpiration: Duration.days(1) }],
    });
    this.bucket = new s3.Bucket(this, 'Bucket', {
      ...common,
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: key,
      bucketKeyEnabled: true,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'trail/',
      objectLockDefaultRetention: retain ? s3.ObjectLockRetention.compliance(Duration.days(trail.retentionDays)) : undefined,
      // Expired files become noncurrent and go a day later (never before their lock ends).
      lifecycleRules: [{ id: 'expire-logs', expiration: Duration.days(trail.retentionDays), noncurrentVersionExpiration: Duration.days(1) }],
    });
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({ sid: 'DenyDeletingLogFiles', effect: iam.Effect.DENY, principals: [new iam.AnyPrincipal()], actions: [...DENIED_DELETES], resources: [this.bucket.arnForObjects('*')] }),
    );
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({ sid: 'CloudTrailAclCheck', principals: [cloudTrail], actions: ['s3:GetBucketAcl'], resources: [this.bucket.bucketArn], conditions: fromThisTrail }),
    );
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudTrailWrite',
        principals: [cloudTrail],
        actions: ['s3:PutObject'],
        resources: [this.bucket.arnForObjects(`AWSLogs/${stack.account}/*`)],
        conditions: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': this.trailArn } },
      }),
    );

    // The key: CloudTrail encrypts log files for this trail only (the AWS-documented statements).
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudTrailEncryptLogs',
        principals: [cloudTrail],
        actions: ['kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { ...fromThisTrail, StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': `arn:${stack.partition}:cloudtrail:*:${stack.account}:trail/*` } },
      }),
    );
    key.addToResourcePolicy(new iam.PolicyStatement({ sid: 'CloudTrailDescribeKey', principals: [cloudTrail], actions: ['kms:DescribeKey'], resources: ['*'], conditions: fromThisTrail }));

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      logGroupName: trail.logGroupName,
      retention: trail.logRetentionDays as logs.RetentionDays,
      encryptionKey: key,
      removalPolicy: retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    const role = new iam.Role(this, 'LogsRole', {
      assumedBy: new iam.ServicePrincipal('cloudtrail.amazonaws.com', { conditions: fromThisTrail }),
      description: `CloudTrail delivers ${trail.name} to ${trail.logGroupName}`,
    });
    const rolePolicy = new CustomerManagedPolicy(this, 'LogsPolicy', {
      managedPolicyName: `${stack.stackName}-trail-logs`,
      description: `CloudTrail delivers ${trail.name} to ${trail.logGroupName}`,
      roles: [role],
      statements: [
        new iam.PolicyStatement({
          sid: 'DeliverTrailEvents',
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          // One stream per Region: <account>_CloudTrail_<region>.
          resources: [`arn:${stack.partition}:logs:${stack.region}:${stack.account}:log-group:${trail.logGroupName}:log-stream:${stack.account}_CloudTrail_*`],
        }),
      ],
    });

    this.trail = new cloudtrail.CfnTrail(this, 'Trail', {
      trailName: trail.name,
      isLogging: true,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableLogFileValidation: true,
      kmsKeyId: key.keyArn,
      s3BucketName: this.bucket.bucketName,
      cloudWatchLogsLogGroupArn: this.logGroup.logGroupArn,
      cloudWatchLogsRoleArn: role.roleArn,
    });
    // CreateTrail checks the bucket policy, the key policy and the role's permissions.
    this.trail.node.addDependency(this.bucket.policy!, key, rolePolicy);
  }
}
