import { RemovalPolicy } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';

/** What every database and cache of the data stack is built with. */
export interface DataServiceProps {
  readonly vpc: ec2.IVpc;
  /** The cluster's workload security group: the only source admitted. */
  readonly clients: ec2.ISecurityGroup;
  /** The data key: storage, secrets. */
  readonly key: kms.IKey;
  readonly logGroupKey: kms.IKey;
  readonly logRetentionDays: number;
  /** The environment keeps its data (snapshot or retain on deletion, deletion protection). */
  readonly retain: boolean;
}

/**
 * A log group a service exports into, created beforehand so that it has a retention and a key
 * (the service writes into an existing group instead of creating an unencrypted, unexpiring one).
 */
export function serviceLogGroup(scope: Construct, id: string, logGroupName: string, props: DataServiceProps): logs.LogGroup {
  return new logs.LogGroup(scope, id, {
    logGroupName,
    retention: props.logRetentionDays,
    encryptionKey: props.logGroupKey,
    removalPolicy: props.retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
  });
}
