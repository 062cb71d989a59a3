import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { DataModel } from './resolve';
import { secureBucketProps } from '../security/bucket-defaults';

export interface ProjectBucketsProps {
  readonly buckets: DataModel['buckets'];
  readonly dataKey: kms.IKey;
  readonly infraKey: kms.IKey;
  readonly removalPolicy: RemovalPolicy;
}

/**
 * The backend and infrastructure buckets of SPEC section 8 and the bucket their server access
 * logs go to. Every bucket: public access blocked, owner-enforced objects, TLS-only policy,
 * versioning with old versions expiring. The two project buckets use the project keys (S3 bucket
 * keys keep KMS calls down); the log bucket uses S3-managed keys, the only encryption S3 server
 * access logging can deliver into.
 */
export class ProjectBuckets extends Construct {
  readonly accessLogs: s3.Bucket;
  readonly backend: s3.Bucket;
  readonly infra: s3.Bucket;

  constructor(scope: Construct, id: string, props: ProjectBucketsProps) {
    super(scope, id);
    const { buckets, removalPolicy } = props;
    const common = secureBucketProps(removalPolicy);
    this.accessLogs = new s3.Bucket(this, 'AccessLogs', {
      ...common,
      bucketName: buckets.accessLogs,
      encryption: s3.BucketEncryption.S3_MANAGED,
      lifecycleRules: [
        { id: 'expire-logs', expiration: Duration.days(buckets.accessLogDays), noncurrentVersionExpiration: Duration.days(1) },
      ],
    });
    const projectBucket = (id: string, bucketName: string, encryptionKey: kms.IKey) =>
      new s3.Bucket(this, id, {
        ...common,
        bucketName,
        encryption: s3.BucketEncryption.KMS,
        encryptionKey,
        bucketKeyEnabled: true,
        serverAccessLogsBucket: this.accessLogs,
        serverAccessLogsPrefix: `${bucketName}/`,
        lifecycleRules: [
          {
            id: 'expire-old-versions',
            noncurrentVersionExpiration: Duration.days(buckets.noncurrentVersionDays),
            abortIncompleteMultipartUploadAfter: Duration.days(7),
          },
        ],
      });
    this.backend = projectBucket('Backend', buckets.backend, props.dataKey);
    this.infra = projectBucket('Infra', buckets.infra, props.infraKey);
  }
}
