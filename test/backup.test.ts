/**
 * AWS Backup of the data stack (issue 16): which resources the plan selects, the retention per
 * environment, the vault's key and lock, the role, and the rules of `data.backup`.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { validateEnvironment } from '../src/config/load';
import { VAULT_LOCK_GRACE_DAYS } from '../src/data/backup-resolve';
import { environmentData, managedPolicyNames, only, synth } from './support/platform';

const envs = { dev: synth('dev'), prod: synth('prod') };

function logicalId(c: IConstruct): string {
  const cfn = (c.node.defaultChild ?? c) as any;
  return Stack.of(cfn).getLogicalId(cfn);
}

for (const [env, s] of Object.entries(envs)) {
  const prod = env === 'prod';
  const t = s.templates.data;
  const d = s.platform.data;

  describe(`AWS Backup (${env})`, () => {
    const [vaultId, vault] = only(t, 'AWS::Backup::BackupVault');
    const [, plan] = only(t, 'AWS::Backup::BackupPlan');
    const [, selection] = only(t, 'AWS::Backup::BackupSelection');

    it('selects the Aurora cluster, the DocumentDB cluster and the EFS file system, nothing else', () => {
      const resources = selection.Properties.BackupSelection.Resources.map((r: any) => JSON.stringify(r));
      assert.equal(resources.length, 3);
      assert.match(resources[0], new RegExp(`:cluster:",\\{"Ref":"${logicalId(d.aurora.cluster)}"\\}`));
      assert.match(resources[1], new RegExp(`:cluster:",\\{"Ref":"${logicalId(d.documentdb.cluster)}"\\}`));
      assert.match(resources[2], new RegExp(`:file-system/",\\{"Ref":"${logicalId(d.fileSystem.fileSystem)}"\\}`));
      assert.equal(selection.Properties.BackupSelection.SelectionName, `aos-${env}-backup-data`);
      // EFS's own automatic backups are off: the plan replaces them.
      assert.deepEqual(t.Resources[logicalId(d.fileSystem.fileSystem)].Properties.BackupPolicy, { Status: 'DISABLED' });
    });

    it('keeps daily recovery points as long as the file says, and monthly ones where it asks', () => {
      const rules = plan.Properties.BackupPlan.BackupPlanRule.map((r: any) => [r.RuleName, r.ScheduleExpression, r.Lifecycle.DeleteAfterDays]);
      assert.deepEqual(rules, prod ? [['daily', 'cron(0 3 * * ? *)', 35], ['monthly', 'cron(0 5 1 * ? *)', 365]] : [['daily', 'cron(0 3 * * ? *)', 7]]);
      for (const r of plan.Properties.BackupPlan.BackupPlanRule) assert.deepEqual(r.TargetBackupVault, { 'Fn::GetAtt': [vaultId, 'BackupVaultName'] });
    });

    it('encrypts the vault with the data key, which admits AWS Backup through the service', () => {
      assert.deepEqual(vault.Properties.EncryptionKeyArn, { 'Fn::GetAtt': [logicalId(d.dataKey.cfnKey), 'Arn'] });
      assert.equal(vault.Properties.BackupVaultName, `aos-${env}-backup`);
      const statement = t.Resources[logicalId(d.dataKey.cfnKey)].Properties.KeyPolicy.Statement.find((st: any) => st.Sid === 'UseThroughServices');
      assert.ok(statement.Condition.StringEquals['kms:ViaService'].includes('backup.eu-west-1.amazonaws.com'));
    });

    it(prod ? 'locks the vault in compliance mode (3 days of grace), keeps it and refuses deleting recovery points' : 'leaves the vault unlocked and deletes it with the stack (the teardown empties it first)', () => {
      if (prod) {
        assert.deepEqual(vault.Properties.LockConfiguration, { MinRetentionDays: 7, MaxRetentionDays: 3650, ChangeableForDays: VAULT_LOCK_GRACE_DAYS });
        assert.equal(vault.DeletionPolicy, 'Retain');
        const deny = vault.Properties.AccessPolicy.Statement[0];
        assert.equal(deny.Effect, 'Deny');
        assert.ok([deny.Action].flat().includes('backup:DeleteRecoveryPoint'));
      } else {
        assert.equal(vault.Properties.LockConfiguration, undefined);
        assert.equal(vault.Properties.AccessPolicy, undefined);
        assert.equal(vault.DeletionPolicy, 'Delete');
      }
    });

    it('backs up through a role only AWS Backup of this account assumes, which may not restore', () => {
      const role = t.Resources[logicalId(d.backup.role)];
      assert.deepEqual(role.Properties.AssumeRolePolicyDocument.Statement[0].Principal, { Service: 'backup.amazonaws.com' });
      assert.deepEqual(role.Properties.AssumeRolePolicyDocument.Statement[0].Condition, { StringEquals: { 'aws:SourceAccount': s.model.account } });
      assert.deepEqual(managedPolicyNames(role), ['service-role/AWSBackupServiceRolePolicyForBackup']);
      assert.deepEqual(selection.Properties.BackupSelection.IamRoleArn, { 'Fn::GetAtt': [logicalId(d.backup.role), 'Arn'] });
    });
  });
}

describe('rules of data.backup', () => {
  const problems = (env: 'dev' | 'prod', patch: (d: any) => void) => {
    const data = environmentData(env);
    patch(data);
    const r = validateEnvironment(data);
    return r.ok ? '' : r.problems.map((p) => `${p.path}: ${p.message}`).join('\n');
  };

  it('needs a lock decision where data is retained, and refuses one where it may go', () => {
    assert.match(problems('prod', (d) => delete d.data.backup.vaultLock), /data\.backup\.vaultLock: required where data\.removalPolicy is "retain": set mode "compliance" \(immutable/);
    assert.match(problems('dev', (d) => (d.data.backup.vaultLock = { mode: 'governance', minRetentionDays: 1, maxRetentionDays: 30 })), /data\.backup\.vaultLock: a locked vault keeps its recovery points past any teardown/);
  });

  it('keeps every rule inside the lock\'s bounds (a compliance lock cannot be widened later)', () => {
    assert.match(problems('prod', (d) => (d.data.backup.retentionDays = 5)), /data\.backup\.retentionDays: 5 days is less than the vault lock's minRetentionDays \(7\)/);
    assert.match(problems('prod', (d) => (d.data.backup.monthlyRetentionDays = 4000)), /data\.backup\.monthlyRetentionDays: 4000 days is more than the vault lock's maxRetentionDays \(3650\)/);
    assert.match(problems('prod', (d) => (d.data.backup.vaultLock.minRetentionDays = 4000)), /data\.backup\.vaultLock\.minRetentionDays: 4000 is more than maxRetentionDays \(3650\)/);
  });

  it('keeps monthly points at least as long as daily ones, and knows AWS Backup\'s limits', () => {
    assert.match(problems('dev', (d) => (d.data.backup.monthlyRetentionDays = 5)), /monthlyRetentionDays: the monthly recovery points \(5 days\) would go before the daily ones \(7 days\)/);
    assert.match(problems('dev', (d) => (d.data.backup.retentionDays = 0)), /data\.backup\.retentionDays: retentionDays is at least 1 day/);
    assert.match(problems('prod', (d) => (d.data.backup.vaultLock.mode = 'strict')), /vaultLock\.mode must be "compliance" or "governance"/);
  });
});
