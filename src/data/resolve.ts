/**
 * The data layer resolved for one environment (SPEC sections 8 and 9): names, sizes, engine
 * versions, who may use each key, the StorageClasses and the ECR repositories. The data stack,
 * the cluster stack, the summary and the docs all read this.
 */
import type { ResolvedRole } from '../identity/resolved-role';
import type { EnvironmentConfig } from '../config/schema';
import { DATA_ENGINE_VERSIONS } from '../config/versions';
import type { DataResource, ResourceScope } from '../identity/policy-statements';
import { EFS_MOUNT_OPTIONS } from './efs-mount';
import { resolveBackup, type BackupModel } from './backup-resolve';
import { repositoryName } from '../registry/repository-name';

export type PlatformKeyId = 'data' | 'infra';

export interface PlatformKeyModel {
  readonly alias: string;
  readonly description: string;
  /** Services that may use the key on behalf of principals of the account (kms:ViaService). */
  readonly viaServices: readonly string[];
  /** Workload roles that use the key directly (their catalog statements name it). */
  readonly userRoleArns: readonly string[];
}

export interface StorageClassModel {
  readonly name: string;
  readonly provisioner: 'ebs.csi.aws.com' | 'efs.csi.aws.com';
  readonly isDefault: boolean;
  readonly parameters: Readonly<Record<string, string>>;
  readonly volumeBindingMode: 'WaitForFirstConsumer' | 'Immediate';
  readonly reclaimPolicy: 'Retain' | 'Delete';
  readonly allowVolumeExpansion: boolean;
  /** Its parameters also name the platform's EFS file system (`fileSystemId`, known once deployed). */
  readonly onPlatformFileSystem: boolean;
  /** Mount options of its volumes (EFS: IAM-authorized, TLS). */
  readonly mountOptions?: readonly string[];
  readonly purpose: string;
}

export interface DataModel {
  /** Stateful resources survive stack deletion (retain or snapshot) and carry deletion protection. */
  readonly retain: boolean;
  readonly keys: Readonly<Record<PlatformKeyId, PlatformKeyModel>>;
  readonly buckets: {
    readonly accessLogs: string;
    readonly backend: string;
    readonly infra: string;
    readonly noncurrentVersionDays: number;
    readonly accessLogDays: number;
  };
  readonly aurora: {
    readonly clusterIdentifier: string;
    readonly engineVersion: string;
    readonly instanceClass: string;
    readonly instances: number;
    readonly multiAz: boolean;
    readonly backupRetentionDays: number;
    readonly databaseName: string;
    readonly masterUsername: string;
    readonly port: number;
    readonly logGroupName: string;
  };
  readonly redis: {
    readonly replicationGroupId: string;
    readonly engineVersion: string;
    readonly nodeType: string;
    readonly nodes: number;
    readonly automaticFailover: boolean;
    readonly snapshotRetentionDays: number;
    readonly port: number;
    readonly authSecretName: string;
    readonly logGroupNames: { readonly slow: string; readonly engine: string };
  };
  readonly documentdb: {
    readonly clusterIdentifier: string;
    readonly engineVersion: string;
    readonly parameterFamily: string;
    readonly instanceClass: string;
    readonly instances: number;
    readonly backupRetentionDays: number;
    readonly masterUsername: string;
    readonly secretName: string;
    readonly rotationDays: number;
    readonly port: number;
    readonly logGroupNames: { readonly audit: string; readonly profiler: string };
  };
  readonly efs: {
    readonly name: string;
    readonly throughputMode: 'elastic' | 'bursting';
    /** SPEC section 8: InfluxDB2's access point. */
    readonly influxAccessPoint: { readonly path: string; readonly uid: number; readonly gid: number; readonly permissions: string };

  };
  readonly logRetentionDays: number;
  /** AWS Backup of Aurora, DocumentDB and EFS into the environment's vault. */
  readonly backup: BackupModel;
  readonly storageClasses: readonly StorageClassModel[];
  readonly registry: {
    readonly repositories: ReadonlyArray<{ readonly image: string; readonly name: string }>;
    readonly pushGroupName: string;
    readonly keepTaggedImages: number;
    readonly untaggedExpireDays: number;
  };
}

function roleArn(scope: ResourceScope, roleName: string): string {
  return `arn:${scope.partition}:iam::${scope.account}:role/${roleName}`;
}

/** Roles whose statements use the key directly (not through a service, which the key admits separately). */
function directUsers(scope: ResourceScope, roles: readonly ResolvedRole[], ref: DataResource): string[] {
  return roles
    .filter((r) => r.statements.some((st) => st.dataResources?.includes(ref) && !st.conditions?.StringEquals?.['kms:ViaService']))
    .map((r) => roleArn(scope, r.roleName));
}

function storageClasses(env: EnvironmentConfig): StorageClassModel[] {
  const reclaimPolicy = env.data.removalPolicy === 'retain' ? 'Retain' : 'Delete';
  return [
    {
      name: 'gp3',
      provisioner: 'ebs.csi.aws.com',
      isDefault: true,
      parameters: { type: 'gp3', encrypted: 'true', 'csi.storage.k8s.io/fstype': 'ext4' },
      // Bind where the pod lands: an EBS volume lives in one zone.
      volumeBindingMode: 'WaitForFirstConsumer',
      reclaimPolicy,
      allowVolumeExpansion: true,
      onPlatformFileSystem: false,
      purpose: 'default block storage',
    },
    {
      name: 'io2',
      provisioner: 'ebs.csi.aws.com',
      isDefault: false,
      parameters: { type: 'io2', iopsPerGB: '50', allowAutoIOPSPerGBIncrease: 'true', encrypted: 'true', 'csi.storage.k8s.io/fstype': 'ext4' },
      volumeBindingMode: 'WaitForFirstConsumer',
      reclaimPolicy,
      allowVolumeExpansion: true,
      onPlatformFileSystem: false,
      purpose: 'high-IOPS block storage (50 IOPS per GiB)',
    },
    {
      name: 'efs',
      provisioner: 'efs.csi.aws.com',
      isDefault: false,
      // Dynamic provisioning: one access point (and directory) per volume.
      parameters: {
        provisioningMode: 'efs-ap',
        directoryPerms: '700',
        basePath: '/dynamic',
        gidRangeStart: '50000',
        gidRangeEnd: '59999',
        ensureUniqueDirectory: 'true',
      },
      volumeBindingMode: 'Immediate',
      reclaimPolicy,
      allowVolumeExpansion: false,
      onPlatformFileSystem: true,
      mountOptions: EFS_MOUNT_OPTIONS,
      purpose: 'shared file storage, readable from every zone',
    },
  ];
}

export function resolveData(env: EnvironmentConfig, scope: ResourceScope, roles: readonly ResolvedRole[], logRetentionDays: number): DataModel {
  const prefix = `${env.project}-${env.name}`;
  const service = (name: string) => `${name}.${env.region}.amazonaws.com`;
  const aurora = `${prefix}-aurora`;
  const redis = `${prefix}-redis`;
  const docdb = `${prefix}-docdb`;
  // Outside the application prefix `<project>/<env>/`: application roles that may write there can
  // read the database credentials (their statements name them) but never change or delete them.
  const secrets = `${prefix}-data/`;
  return {
    retain: env.data.removalPolicy === 'retain',
    keys: {
      data: {
        alias: scope.dataKeyAlias,
        description: `${prefix}: databases, cache, their secrets and the backend bucket`,
        // ssm: SecureString parameters under /<project>/<env>/ encrypted with this key, read by external-secrets.
        // backup: the vault's recovery points are encrypted with this key.
        viaServices: [service('rds'), service('elasticache'), service('secretsmanager'), service('s3'), service('ssm'), service('backup')],
        userRoleArns: directUsers(scope, roles, 'key:data'),
      },
      infra: {
        alias: `alias/${prefix}-infra`,
        description: `${prefix}: EFS, the infrastructure bucket and the image repositories`,
        viaServices: [service('elasticfilesystem'), service('s3'), service('ecr')],
        userRoleArns: directUsers(scope, roles, 'key:infra'),
      },
    },
    buckets: {
      accessLogs: `${prefix}-access-logs-${env.account}`,
      backend: scope.backendBucket,
      infra: scope.infraBucket,
      noncurrentVersionDays: env.data.buckets.noncurrentVersionDays,
      accessLogDays: env.data.buckets.accessLogDays,
    },
    aurora: {
      clusterIdentifier: aurora,
      engineVersion: DATA_ENGINE_VERSIONS.auroraPostgres,
      instanceClass: env.data.aurora.instanceClass,
      instances: env.data.aurora.instances,
      multiAz: env.data.aurora.instances > 1,
      backupRetentionDays: env.data.aurora.backupRetentionDays,
      databaseName: env.data.aurora.databaseName,
      masterUsername: 'platform_admin',
      port: 5432,
      logGroupName: `/aws/rds/cluster/${aurora}/postgresql`,
    },
    redis: {
      replicationGroupId: redis,
      engineVersion: DATA_ENGINE_VERSIONS.redis,
      nodeType: env.data.redis.nodeType,
      nodes: env.data.redis.nodes,
      automaticFailover: env.data.redis.nodes > 1,
      snapshotRetentionDays: env.data.redis.snapshotRetentionDays,
      port: 6379,
      authSecretName: `${secrets}redis-auth`,
      logGroupNames: { slow: `/aws/elasticache/${redis}/slow-log`, engine: `/aws/elasticache/${redis}/engine-log` },
    },
    documentdb: {
      clusterIdentifier: docdb,
      engineVersion: DATA_ENGINE_VERSIONS.documentdb,
      parameterFamily: DATA_ENGINE_VERSIONS.documentdbFamily,
      instanceClass: env.data.documentdb.instanceClass,
      instances: env.data.documentdb.instances,
      backupRetentionDays: env.data.documentdb.backupRetentionDays,
      masterUsername: 'platform_admin',
      secretName: `${secrets}documentdb`,
      rotationDays: 30,
      port: 27017,
      logGroupNames: { audit: `/aws/docdb/${docdb}/audit`, profiler: `/aws/docdb/${docdb}/profiler` },
    },
    efs: {
      name: `${prefix}-shared`,
      throughputMode: env.data.efs.throughputMode,
      influxAccessPoint: { path: '/influxdb2', uid: 1000, gid: 1000, permissions: '775' },
    },
    logRetentionDays,
    backup: resolveBackup(env),
    storageClasses: storageClasses(env),
    registry: {
      repositories: env.registry.images.map((image) => ({ image, name: repositoryName(env.project, env.name, image) })),
      pushGroupName: `${prefix}-image-pushers`,
      keepTaggedImages: env.registry.keepTaggedImages,
      untaggedExpireDays: env.registry.untaggedExpireDays,
    },
  };
}
