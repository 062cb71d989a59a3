/**
 * NIST 800-53 R5, HIPAA Security and Control Tower findings of the data stack that are right by
 * design, one id at a time with the reason. Findings that follow from the environment's sizes
 * are acknowledged only where the file chose them (here and in data-acknowledgements.ts).
 */
import type { DataStack } from '../stacks/data-stack';
import { acknowledge, controlTower, hipaa, nistHipaa } from './acknowledge';

/** What the packs ask of Redis snapshots (cdk-nag ElastiCacheRedisClusterAutomaticBackup). */
const REDIS_SNAPSHOT_DAYS = 15;

export function acknowledgeDataCompliance(stack: DataStack): void {
  const { data, envName } = stack.model;
  const aurora = stack.aurora.cluster;

  acknowledge(
    aurora,
    nistHipaa('RDSInBackupPlan'),
    `Aurora is backed up as a cluster: the environment's AWS Backup plan (${data.backup.name}) selects the cluster; AWS Backup does not back up an Aurora instance on its own, and the rule looks only for instances in a selection.`,
  );
  acknowledge(
    aurora,
    [...nistHipaa('RDSEnhancedMonitoringEnabled'), controlTower('CT.RDS.PR.2')],
    'Performance Insights is on (database load, waits and top statements, encrypted with the data key) and CloudWatch receives the instances\' metrics every minute. Enhanced Monitoring would add OS process metrics to RDSOSMetrics, an account-wide log group RDS creates outside any stack, encrypted by no customer key and kept forever.',
  );
  acknowledge(
    aurora,
    [hipaa('RDSAutomaticMinorVersionUpgradeEnabled'), controlTower('CT.RDS.PR.5')],
    'The engine version is pinned and moves only with its pin (docs/data.md): an upgrade RDS applies by itself leaves the template naming an older version than runs, and the next change to the cluster asks CloudFormation for a downgrade it refuses. Minor upgrades are a reviewed change of the pin.',
  );

  const redis = stack.redis.replicationGroup;
  acknowledge(
    redis,
    [controlTower('CT.ELASTICACHE.PR.8')],
    'The cache has one client identity, the application: it authenticates with the AUTH token (in Secrets Manager, passed by dynamic reference) over TLS that the group requires. RBAC user groups give per-user command and key ACLs, which one client does not use.',
  );
  if (data.redis.snapshotRetentionDays < REDIS_SNAPSHOT_DAYS) {
    acknowledge(
      redis,
      nistHipaa('ElastiCacheRedisClusterAutomaticBackup'),
      `${envName}'s file keeps ${data.redis.snapshotRetentionDays} day(s) of Redis snapshots (data.redis.snapshotRetentionDays), a development choice for a cache; the production file keeps ${REDIS_SNAPSHOT_DAYS}.`,
    );
  }

  acknowledge(
    stack.fileSystem.fileSystem,
    [controlTower('CT.ELASTICFILESYSYSTEM.PR.2')],
    `The file system is in the environment's AWS Backup plan (${data.backup.name}: its vault, encrypted with the data key${data.backup.vaultLock ? ' and locked' : ''}). EFS's own automatic backups, which the control reads, would copy it a second time into aws/efs/automatic-backup-vault, which nothing locks or cleans up.`,
  );

  const { accessLogs, backend, infra } = stack.buckets;
  for (const bucket of [accessLogs, backend, infra]) {
    acknowledge(
      bucket,
      nistHipaa('S3BucketReplicationEnabled'),
      'S3 stores every object redundantly across at least three Availability Zones of the region, versioned, with old versions kept for the period the file sets. A copy in a second region is a disaster-recovery decision (a destination bucket, its key and region per environment) that the environment model does not make yet.',
    );
    acknowledge(
      bucket,
      [controlTower('CT.S3.PR.4')],
      'No consumer of per-object events exists: object-level access is recorded by S3 server access logs (and requests by CloudTrail), and turning on EventBridge notifications with no rule would satisfy the control without changing anything.',
    );
  }
  acknowledge(
    backend,
    [controlTower('CT.S3.PR.9')],
    'The application writes, overwrites and deletes its objects; Object Lock would make every object undeletable for its retention. Versioning keeps overwritten and deleted versions for the period the file sets (data.buckets.noncurrentVersionDays).',
  );
  acknowledge(infra, [controlTower('CT.S3.PR.9')], 'Platform artifacts that deploys replace and delete; Object Lock would make every object undeletable for its retention. Versioning keeps old versions for the period the file sets.');
  acknowledge(
    accessLogs,
    [...nistHipaa('S3DefaultEncryptionKMS'), controlTower('CT.S3.PR.10'), controlTower('CT.S3.PR.2'), controlTower('CT.S3.PR.9')],
    'The bucket S3 server access logs of the backend and infrastructure buckets are delivered to: S3 delivers access logs only into buckets encrypted with S3-managed keys (SSE-S3), logging the log bucket into itself would log its own deliveries, and its logs expire after data.buckets.accessLogDays (Object Lock would keep them from expiring as set).',
  );

  acknowledge(
    stack.registry.pushGroup,
    [hipaa('IAMGroupHasUsers')],
    'The image push group (SPEC section 9) starts empty: people or build users are added to it outside the stack, and the pipeline pushes through its OIDC role (delivery stack), not through group members.',
  );
}
