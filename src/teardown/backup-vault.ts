/**
 * The environment's AWS Backup vault (src/data/backup-plan.ts): CloudFormation cannot delete a
 * vault that holds recovery points, so a teardown deletes them first. Only environments that
 * destroy their data are torn down, and their vault carries no lock (backup-rules.ts).
 */
import { DeleteRecoveryPointCommand, ListRecoveryPointsByBackupVaultCommand, type BackupClient } from '@aws-sdk/client-backup';

/** Recovery point ARNs of the vault, or 'missing' when the vault does not exist (any more). */
export async function recoveryPoints(backup: BackupClient, vault: string): Promise<string[] | 'missing'> {
  const arns: string[] = [];
  let NextToken: string | undefined;
  try {
    do {
      const page = await backup.send(new ListRecoveryPointsByBackupVaultCommand({ BackupVaultName: vault, NextToken }));
      for (const p of page.RecoveryPoints ?? []) if (p.RecoveryPointArn) arns.push(p.RecoveryPointArn);
      NextToken = page.NextToken;
    } while (NextToken);
  } catch (e) {
    if ((e as { name?: string }).name === 'ResourceNotFoundException') return 'missing';
    throw e;
  }
  return arns.sort();
}

export async function deleteRecoveryPoint(backup: BackupClient, vault: string, arn: string): Promise<void> {
  await backup.send(new DeleteRecoveryPointCommand({ BackupVaultName: vault, RecoveryPointArn: arn }));
}
