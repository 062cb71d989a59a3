import { Duration, RemovalPolicy, Stack, ArnFormat } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as docdb from 'aws-cdk-lib/aws-docdb';
import type * as efs from 'aws-cdk-lib/aws-efs';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as rds from 'aws-cdk-lib/aws-rds';
import { Construct } from 'constructs';
import type { BackupModel } from './backup-resolve';

export interface PlatformBackupProps {
  readonly backup: BackupModel;
  /** The environment keeps its data: the vault outlives the stack and blocks deleting recovery points. */
  readonly retain: boolean;
  /** The data key: recovery points that AWS Backup encrypts itself (EFS) use it. */
  readonly key: kms.IKey;
  readonly aurora: rds.DatabaseCluster;
  readonly documentdb: docdb.CfnDBCluster;
  readonly fileSystem: efs.FileSystem;
}

/**
 * The environment's AWS Backup (SPEC section 8, issue 16): one vault encrypted with the data key,
 * a daily rule (and a monthly one where the file asks), and one selection of the three stores
 * that hold data: the Aurora cluster, the DocumentDB cluster and the EFS file system. Both
 * databases keep their own automated backups too (point-in-time restore within their window);
 * the plan adds copies that live in a vault the databases cannot delete. Where the environment
 * keeps its data, the vault carries an AWS Backup Vault Lock and refuses manual deletion of
 * recovery points; with `destroy`, the teardown deletes its recovery points before the stack.
 */
export class PlatformBackup extends Construct {
  readonly vault: backup.BackupVault;
  readonly plan: backup.BackupPlan;
  readonly selection: backup.BackupSelection;
  /** The role AWS Backup takes to back the selection up (AWS managed policy, backups only). */
  readonly role: iam.Role;
  /** The AWS managed policies of the role (acknowledged in src/checks/). */
  static readonly ROLE_POLICIES = ['service-role/AWSBackupServiceRolePolicyForBackup'] as const;

  constructor(scope: Construct, id: string, props: PlatformBackupProps) {
    super(scope, id);
    const model = props.backup;
    const lock = model.vaultLock;
    this.vault = new backup.BackupVault(this, 'Vault', {
      backupVaultName: model.name,
      encryptionKey: props.key,
      removalPolicy: props.retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      blockRecoveryPointDeletion: props.retain,
      lockConfiguration: lock && {
        minRetention: Duration.days(lock.minRetentionDays),
        maxRetention: Duration.days(lock.maxRetentionDays),
        // Without it the lock is in governance mode; with it, compliance mode once the days pass.
        changeableFor: lock.changeableForDays === undefined ? undefined : Duration.days(lock.changeableForDays),
      },
    });

    const rules = [
      // After the databases' own backup window (02:00-03:00 UTC), before the maintenance window.
      new backup.BackupPlanRule({
        ruleName: 'daily',
        scheduleExpression: events.Schedule.cron({ minute: '0', hour: '3' }),
        startWindow: Duration.hours(1),
        completionWindow: Duration.hours(8),
        deleteAfter: Duration.days(model.retentionDays),
      }),
    ];
    if (model.monthlyRetentionDays !== undefined) {
      rules.push(
        new backup.BackupPlanRule({
          ruleName: 'monthly',
          scheduleExpression: events.Schedule.cron({ minute: '0', hour: '5', day: '1' }),
          startWindow: Duration.hours(1),
          completionWindow: Duration.hours(8),
          deleteAfter: Duration.days(model.monthlyRetentionDays),
        }),
      );
    }
    this.plan = new backup.BackupPlan(this, 'Plan', { backupPlanName: model.name, backupVault: this.vault, backupPlanRules: rules });

    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('backup.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } } }),
      description: `AWS Backup takes this role to back up the data of ${model.name}`,
      managedPolicies: PlatformBackup.ROLE_POLICIES.map((p) => iam.ManagedPolicy.fromAwsManagedPolicyName(p)),
    });
    const documentdbArn = Stack.of(this).formatArn({ service: 'rds', resource: 'cluster', resourceName: props.documentdb.ref, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
    this.selection = this.plan.addSelection('Data', {
      backupSelectionName: `${model.name}-data`,
      resources: [
        backup.BackupResource.fromRdsDatabaseCluster(props.aurora),
        backup.BackupResource.fromArn(documentdbArn),
        backup.BackupResource.fromEfsFileSystem(props.fileSystem),
      ],
      // Backups only; a restore is an operator's action with their own permissions.
      allowRestores: false,
      role: this.role,
      disableDefaultBackupPolicy: true,
    });
  }
}
