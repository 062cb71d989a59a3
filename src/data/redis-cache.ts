import { RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { DataModel } from './resolve';
import { serviceLogGroup, type DataServiceProps } from './data-service';
import { serviceSecurityGroup } from './service-security-group';

export interface RedisCacheProps extends DataServiceProps {
  readonly redis: DataModel['redis'];
}

/**
 * ElastiCache Redis for cache and sessions (SPEC section 8): a replication group in the private
 * subnets, encrypted at rest with the data key and in transit (TLS required), with an AUTH token
 * that CloudFormation generates into Secrets Manager and passes by dynamic reference, so it never
 * appears in a template. Two or more nodes turn on automatic failover and multi-AZ.
 */
export class RedisCache extends Construct {
  readonly replicationGroup: elasticache.CfnReplicationGroup;
  readonly securityGroup: ec2.SecurityGroup;
  readonly authSecret: secretsmanager.CfnSecret;

  constructor(scope: Construct, id: string, props: RedisCacheProps) {
    super(scope, id);
    const { redis, retain } = props;
    const removalPolicy = retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    this.securityGroup = serviceSecurityGroup(this, 'SecurityGroup', { vpc: props.vpc, clients: props.clients, port: redis.port, service: 'ElastiCache Redis' });

    this.authSecret = new secretsmanager.CfnSecret(this, 'AuthToken', {
      name: redis.authSecretName,
      description: `AUTH token of ${redis.replicationGroupId}`,
      kmsKeyId: props.key.keyArn,
      // Redis AUTH tokens: 16-128 printable characters without @, " or /; letters and digits are always safe.
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
    });
    this.authSecret.applyRemovalPolicy(removalPolicy);

    const subnets = new elasticache.CfnSubnetGroup(this, 'Subnets', {
      description: `Private subnets of ${redis.replicationGroupId}`,
      subnetIds: props.vpc.selectSubnets({ subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }).subnetIds,
    });

    const logGroups = Object.entries(redis.logGroupNames).map(
      ([kind, logGroupName]) =>
        [kind, serviceLogGroup(this, `${kind}-logs`, logGroupName, props)] as const,
    );

    this.replicationGroup = new elasticache.CfnReplicationGroup(this, 'ReplicationGroup', {
      replicationGroupId: redis.replicationGroupId,
      replicationGroupDescription: `Cache and sessions (${redis.replicationGroupId})`,
      engine: 'redis',
      engineVersion: redis.engineVersion,
      cacheNodeType: redis.nodeType,
      numCacheClusters: redis.nodes,
      automaticFailoverEnabled: redis.automaticFailover,
      multiAzEnabled: redis.automaticFailover,
      port: redis.port,
      cacheSubnetGroupName: subnets.ref,
      securityGroupIds: [this.securityGroup.securityGroupId],
      atRestEncryptionEnabled: true,
      kmsKeyId: props.key.keyArn,
      transitEncryptionEnabled: true,
      transitEncryptionMode: 'required',
      authToken: `{{resolve:secretsmanager:${this.authSecret.ref}:SecretString}}`,
      snapshotRetentionLimit: redis.snapshotRetentionDays,
      snapshotWindow: '02:00-03:00',
      preferredMaintenanceWindow: 'sun:03:30-sun:04:30',
      autoMinorVersionUpgrade: true,
      logDeliveryConfigurations: logGroups.map(([kind, group]) => ({
        logType: kind === 'slow' ? 'slow-log' : 'engine-log',
        logFormat: 'json',
        destinationType: 'cloudwatch-logs',
        destinationDetails: { cloudWatchLogsDetails: { logGroup: group.logGroupName } },
      })),
    });
    // A snapshot on deletion only where the environment keeps its data.
    this.replicationGroup.applyRemovalPolicy(retain ? RemovalPolicy.SNAPSHOT : RemovalPolicy.DESTROY);
    for (const [, group] of logGroups) this.replicationGroup.node.addDependency(group);
  }
}
