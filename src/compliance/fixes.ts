/**
 * Findings of the NIST 800-53 R5, HIPAA Security and Control Tower checks that the platform fixed
 * at their root rather than acknowledged (issue 16). Each names the rule ids it answers and the
 * resources it made compliant; the compliance test proves, per environment, that no finding of
 * those rules remains on those resources, so this list cannot claim a fix that is not there.
 */

export interface ComplianceFix {
  /** Rule ids as the packs name them (`NIST.800.53.R5-...`, `HIPAA.Security-...`, `CT.KMS.PR.3`). */
  readonly rules: readonly string[];
  /** What changed, for the auditor. */
  readonly change: string;
  /** Construct paths of the resources the fix applies to (at least one exists in every environment). */
  readonly resources: RegExp;
  /** Where in the code. */
  readonly source: string;
}

const nistHipaa = (rule: string) => [`NIST.800.53.R5-${rule}`, `HIPAA.Security-${rule}`];

export const COMPLIANCE_FIXES: readonly ComplianceFix[] = [
  {
    rules: nistHipaa('IAMNoInlinePolicy'),
    change:
      'Every role and group of the platform gets its permissions from customer managed policies instead of inline ones: the workload identity roles, the image push group, the image mirror\'s node permission, the VPC flow log role and the pipeline roles. IAM keeps the last five versions of each, so every change of a grant is recorded and can be rolled back.',
    resources: /\/Identity\/[^/]+-policy\/|\/Registry\/PushPolicy\/|\/ImageMirror\/pull-through-policy\/|\/Network\/FlowLog(Role|Policy)\/|-delivery\/[^/]+\/(Role|Permissions)\//,
    source: 'src/security/managed-policy.ts',
  },
  {
    rules: nistHipaa('EFSInBackupPlan'),
    change:
      'An AWS Backup plan per environment backs up the Aurora cluster, the DocumentDB cluster and the EFS file system daily (and monthly where the file asks) into the environment\'s vault, encrypted with the data key; where data is retained the vault carries a Vault Lock and refuses manual deletion of recovery points. (The packs check Aurora per instance, which AWS Backup does not back up alone: acknowledged below.)',
    resources: /-data\/Efs\/FileSystem\//,
    source: 'src/data/backup-plan.ts',
  },
  {
    rules: ['CT.KMS.PR.3'],
    change:
      'Every customer key of the platform denies kms:CreateGrant unless the grant is for an AWS resource or the caller is an AWS service, so a principal that may use a key cannot hand that use on through a grant.',
    resources: /\/(DataKey|InfraKey|LogGroupKey|FlowLogKey|ContainerLogsKey|LogKey)\/|\/Eks\/Key\/|-audit\/Key\//,
    source: 'src/security/key-grants.ts',
  },
  {
    rules: nistHipaa('ElastiCacheRedisClusterAutomaticBackup'),
    change: 'The production file keeps 15 days of Redis snapshots (data.redis.snapshotRetentionDays), the period both packs ask for.',
    resources: /-prod-data\/Redis\/ReplicationGroup/,
    source: 'environments/prod.json',
  },
];
