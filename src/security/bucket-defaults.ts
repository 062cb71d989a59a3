/** What every bucket of the platform is: private, owner-enforced, TLS 1.2+ only, versioned. */
import type { RemovalPolicy } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';

export function secureBucketProps(removalPolicy: RemovalPolicy) {
  return {
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    enforceSSL: true,
    minimumTLSVersion: 1.2,
    versioned: true,
    removalPolicy,
  } satisfies s3.BucketProps;
}
