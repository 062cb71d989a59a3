import { CfnOutput, RemovalPolicy } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import type { PlatformModel } from '../config/model';
import { AuroraDatabase } from '../data/aurora-database';
import { PlatformBackup } from '../data/backup-plan';
import { DocumentDatabase } from '../data/document-database';
import { PlatformKey } from '../data/platform-key';
import { ProjectBuckets } from '../data/project-buckets';
import { RedisCache } from '../data/redis-cache';
import { SharedFileSystem } from '../data/shared-file-system';
import type { DataResource } from '../identity/policy-statements';
import type { DataOutputs } from '../application/values';
import { ImageRepositories } from '../registry/image-repositories';
import { LogGroupKey } from '../security/log-group-key';
import { PlatformStack } from './platform-stack';

export interface DataStackProps {
  readonly model: PlatformModel;
  readonly vpc: ec2.IVpc;
  /** The cluster's nodes and pods: the only source the data services admit. */
  readonly clients: ec2.ISecurityGroup;
}

/**
 * Lifecycle: the data layer (SPEC sections 8 and 9), which outlives clusters: keys, buckets,
 * Aurora, Redis, DocumentDB, EFS and the image repositories. It needs only the network, so it
 * deploys beside the cluster and the charts; the application stack reads its keys, secrets,
 * endpoints, the InfluxDB volume handle and the file system of the EFS StorageClass.
 */
export class DataStack extends PlatformStack {
  readonly dataKey: PlatformKey;
  readonly infraKey: PlatformKey;
  readonly buckets: ProjectBuckets;
  readonly aurora: AuroraDatabase;
  readonly redis: RedisCache;
  readonly documentdb: DocumentDatabase;
  readonly fileSystem: SharedFileSystem;
  readonly registry: ImageRepositories;
  /** AWS Backup of Aurora, DocumentDB and EFS (issue 16). */
  readonly backup: PlatformBackup;
  /** Real ARNs of what the workload identity catalog names symbolically. */
  readonly resourceArns: Readonly<Record<DataResource, string>>;
  /** What the application chart reads (SPEC section 9: the second layer reads the first's outputs). */
  readonly applicationOutputs: DataOutputs;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, { model: props.model, purpose: 'KMS keys, S3, Aurora PostgreSQL, ElastiCache Redis, DocumentDB, EFS and ECR' });
    const data = props.model.data;
    const retain = data.retain;
    const removalPolicy = retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    const { vpc, clients } = props;

    this.dataKey = new PlatformKey(this, 'DataKey', { key: data.keys.data, removalPolicy });
    this.infraKey = new PlatformKey(this, 'InfraKey', { key: data.keys.infra, removalPolicy });
    const logGroupKey = new LogGroupKey(this, 'LogGroupKey', {
      description: `${props.model.project}-${props.model.envName}: logs of the data services`,
      logGroupNames: [data.aurora.logGroupName, ...Object.values(data.redis.logGroupNames), ...Object.values(data.documentdb.logGroupNames)],
      removalPolicy,
    });
    const logs = { logGroupKey, logRetentionDays: data.logRetentionDays, retain };

    this.buckets = new ProjectBuckets(this, 'Buckets', { buckets: data.buckets, dataKey: this.dataKey.key, infraKey: this.infraKey.key, removalPolicy });
    this.aurora = new AuroraDatabase(this, 'Aurora', { aurora: data.aurora, vpc, clients, key: this.dataKey.key, ...logs });
    this.redis = new RedisCache(this, 'Redis', { redis: data.redis, vpc, clients, key: this.dataKey.key, ...logs });
    this.documentdb = new DocumentDatabase(this, 'DocumentDb', { documentdb: data.documentdb, vpc, clients, key: this.dataKey.key, ...logs });
    this.fileSystem = new SharedFileSystem(this, 'Efs', { efs: data.efs, vpc, clients, key: this.infraKey.key, removalPolicy });
    this.registry = new ImageRepositories(this, 'Registry', { registry: data.registry, key: this.infraKey.key, removalPolicy });
    this.backup = new PlatformBackup(this, 'Backup', {
      backup: data.backup,
      retain,
      key: this.dataKey.key,
      aurora: this.aurora.cluster,
      documentdb: this.documentdb.cluster,
      fileSystem: this.fileSystem.fileSystem,
    });

    this.resourceArns = {
      'key:data': this.dataKey.cfnKey.attrArn,
      'key:infra': this.infraKey.cfnKey.attrArn,
      'secret:aurora': this.aurora.secretArn,
      'secret:redis': this.redis.authSecret.ref,
      'secret:documentdb': this.documentdb.secret.ref,
    };

    this.applicationOutputs = {
      auroraHost: this.aurora.cluster.clusterEndpoint.hostname,
      auroraReaderHost: this.aurora.cluster.clusterReadEndpoint.hostname,
      redisHost: this.redis.replicationGroup.attrPrimaryEndPointAddress,
      documentdbHost: this.documentdb.cluster.attrEndpoint,
      secretArns: { 'secret:aurora': this.aurora.secretArn, 'secret:redis': this.redis.authSecret.ref, 'secret:documentdb': this.documentdb.secret.ref },
      influxVolumeHandle: `${this.fileSystem.fileSystem.fileSystemId}::${this.fileSystem.influxAccessPoint.accessPointId}`,
    };

    // What the application layer reads (SPEC section 9: the second layer reads the first's outputs).
    const outputs: Record<string, [string, string]> = {
      DataKeyArn: [this.dataKey.cfnKey.attrArn, 'KMS key of databases, cache, secrets and the backend bucket'],
      InfraKeyArn: [this.infraKey.cfnKey.attrArn, 'KMS key of EFS, the infrastructure bucket and the repositories'],
      BackendBucketName: [this.buckets.backend.bucketName, 'backend bucket'],
      InfraBucketName: [this.buckets.infra.bucketName, 'infrastructure bucket'],
      AuroraEndpoint: [this.aurora.cluster.clusterEndpoint.hostname, 'Aurora writer endpoint'],
      AuroraReaderEndpoint: [this.aurora.cluster.clusterReadEndpoint.hostname, 'Aurora reader endpoint'],
      AuroraPort: [String(data.aurora.port), 'Aurora port'],
      AuroraSecretArn: [this.aurora.secretArn, 'Aurora master credentials (managed and rotated by RDS)'],
      RedisEndpoint: [this.redis.replicationGroup.attrPrimaryEndPointAddress, 'Redis primary endpoint (TLS)'],
      RedisReaderEndpoint: [this.redis.replicationGroup.attrReaderEndPointAddress, 'Redis reader endpoint (TLS)'],
      RedisPort: [String(data.redis.port), 'Redis port'],
      RedisAuthSecretArn: [this.redis.authSecret.ref, 'Redis AUTH token'],
      DocumentDbEndpoint: [this.documentdb.cluster.attrEndpoint, 'DocumentDB cluster endpoint (TLS)'],
      DocumentDbPort: [String(data.documentdb.port), 'DocumentDB port'],
      DocumentDbSecretArn: [this.documentdb.secret.ref, 'DocumentDB master credentials (rotated by Secrets Manager)'],
      EfsFileSystemId: [this.fileSystem.fileSystem.fileSystemId, 'EFS file system'],
      InfluxDbAccessPointId: [this.fileSystem.influxAccessPoint.accessPointId, 'EFS access point /influxdb2'],
      InfluxDbVolumeHandle: [`${this.fileSystem.fileSystem.fileSystemId}::${this.fileSystem.influxAccessPoint.accessPointId}`, 'EFS volume handle of InfluxDB2 (application values)'],
      ImagePushGroup: [this.registry.pushGroup.groupName, 'IAM group whose members may push application images'],
    };
    for (const [image, repository] of this.registry.repositories) {
      outputs[`Repository${pascal(image)}`] = [repository.repositoryUri, `ECR repository of ${image}`];
    }
    for (const [outputId, [value, description]] of Object.entries(outputs)) new CfnOutput(this, outputId, { value, description });
  }
}

/** `service-discovery` → `ServiceDiscovery`, for output ids. */
function pascal(name: string): string {
  return name.split(/[^A-Za-z0-9]+/).map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
}
