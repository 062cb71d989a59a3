/**
 * The data section of the main job's summary, read back from the synthesized data stack so it
 * shows what will deploy (sizes, protection, retention), not what the file asked for.
 */
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import type { PlatformModel } from '../config/model';
import { resourcesAcross, type CfnResource } from './assembly';
import { table } from './table';

export function dataSummaryLines(assembly: CloudAssembly, model: PlatformModel): string[] {
  const all = (type: string) => resourcesAcross(assembly, type).map((r) => ({ ...r, Properties: r.Properties ?? {} }));
  const one = (type: string) => all(type)[0] ?? { Type: type, Properties: {} as Record<string, any> };
  const data = model.data;
  const kept = (r: CfnResource) => (r.DeletionPolicy ?? 'Delete').toLowerCase();

  const aurora = one('AWS::RDS::DBCluster');
  const auroraInstances = all('AWS::RDS::DBInstance');
  const redis = one('AWS::ElastiCache::ReplicationGroup');
  const docdb = one('AWS::DocDB::DBCluster');
  const docdbInstances = all('AWS::DocDB::DBInstance');
  const ap = data.efs.influxAccessPoint;
  const protection = (on: unknown) => (on ? 'deletion protection' : 'no deletion protection');

  const lines = [`  Removal policy: ${data.retain ? 'retain (stateful resources survive stack deletion; termination protection on)' : 'destroy (the environment file says so)'}`];
  lines.push(
    ...table([
      [
        'Aurora PostgreSQL',
        `${aurora.Properties.EngineVersion}, ${auroraInstances.length} x ${auroraInstances[0]?.Properties.DBInstanceClass}${auroraInstances.length > 1 ? ' (multi-AZ)' : ''}`,
        `backups ${aurora.Properties.BackupRetentionPeriod} d, ${protection(aurora.Properties.DeletionProtection)}, on delete ${kept(aurora)}`,
      ],
      [
        'ElastiCache Redis',
        `${redis.Properties.EngineVersion}, ${redis.Properties.NumCacheClusters} x ${redis.Properties.CacheNodeType}${redis.Properties.AutomaticFailoverEnabled ? ' (failover, multi-AZ)' : ''}`,
        `snapshots ${redis.Properties.SnapshotRetentionLimit} d, TLS ${redis.Properties.TransitEncryptionMode}, AUTH token, on delete ${kept(redis)}`,
      ],
      [
        'DocumentDB',
        `${docdb.Properties.EngineVersion}, ${docdbInstances.length} x ${docdbInstances[0]?.Properties.DBInstanceClass}`,
        `backups ${docdb.Properties.BackupRetentionPeriod} d, ${protection(docdb.Properties.DeletionProtection)}, on delete ${kept(docdb)}`,
      ],
      ['EFS', `${data.efs.name}, ${data.efs.throughputMode} throughput`, `access point ${ap.path} (uid/gid ${ap.uid}/${ap.gid}, ${ap.permissions}), in the backup plan`],
      [
        'AWS Backup',
        `${data.backup.name}: Aurora, DocumentDB, EFS`,
        `daily ${data.backup.retentionDays} d${data.backup.monthlyRetentionDays ? `, monthly ${data.backup.monthlyRetentionDays} d` : ''}, vault on the data key${data.backup.vaultLock ? `, ${data.backup.vaultLock.mode} lock ${data.backup.vaultLock.minRetentionDays}-${data.backup.vaultLock.maxRetentionDays} d` : ', no lock'}`,
      ],
      ['S3', `${data.buckets.backend}, ${data.buckets.infra}`, `KMS, TLS only, versioned, access logs to ${data.buckets.accessLogs}`],
      ['KMS', `${data.keys.data.alias}, ${data.keys.infra.alias}`, 'rotation on, explicit key policies'],
    ], '    '),
  );
  lines.push(`  StorageClasses: ${data.storageClasses.map((c) => `${c.name}${c.isDefault ? ' (default)' : ''}`).join(', ')}; reclaim ${data.storageClasses[0]?.reclaimPolicy}`);
  const repos = data.registry.repositories;
  lines.push(`  ECR: ${repos.length} repositories (${repos.map((r) => r.name).join(', ') || 'none'}), push group ${data.registry.pushGroupName}`);
  return lines;
}
