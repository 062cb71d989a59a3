/**
 * The audit stack (issue 16), built on its own from the shipped environments' account view
 * (`auditFor`) with the platform's policy checks attached, so each variant is also proved free of
 * unaddressed findings: the trail's settings, the bucket that denies deletes, the key, each CIS
 * metric filter and its alarm, GuardDuty per environment, and the rules of the audit section.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { App } from 'aws-cdk-lib';
import { auditFor, type AccountAudit } from '../src/audit/account';
import { auditAccountProblems } from '../src/audit/account-rules';
import { CIS_FILTERS } from '../src/audit/cis-filters';
import { DENIED_DELETES } from '../src/audit/account-trail';
import { GUARD_DUTY_FEATURES, NOTIFIED_SEVERITY } from '../src/audit/threat-detection';
import { acknowledgeAuditFindings } from '../src/checks/audit-compliance';
import { addComplianceChecks } from '../src/compliance/checks';
import { validateEnvironment } from '../src/config/load';
import { AuditStack } from '../src/stacks/audit-stack';
import { cliContext } from '../src/synth';
import { environmentData, ofType, only } from './support/platform';

const CONTEXT = cliContext();

function modelOf(env: 'dev' | 'prod', patch?: (d: any) => void) {
  const data = environmentData(env);
  patch?.(data);
  const loaded = validateEnvironment(data, `environments/${env}.json`);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  return loaded.model;
}

function auditOf(env: 'dev' | 'prod', patch?: (d: any) => void): AccountAudit | undefined {
  const choice = auditFor(modelOf(env, patch), `environments/${env}.json`);
  if (!choice.ok) throw new Error(JSON.stringify(choice.problems));
  return choice.account;
}

/** The stack alone, with the checks every synth runs: the synth throws on a finding nobody addressed. */
function build(audit: AccountAudit): any {
  const outdir = mkdtempSync(join(tmpdir(), 'audit-'));
  const app = new App({ context: CONTEXT, outdir, builtinCloudFormationValidation: false });
  const stack = new AuditStack(app, audit.stackName, { audit });
  acknowledgeAuditFindings(stack);
  addComplianceChecks(app);
  const error = console.error;
  console.error = () => undefined;
  try {
    app.synth();
  } finally {
    console.error = error;
  }
  return JSON.parse(readFileSync(resolve(outdir, `${audit.stackName}.template.json`), 'utf8'));
}

const prodAudit = auditOf('prod')!;
const prod = build(prodAudit);
const dev = build(auditOf('dev')!);
const TRAIL_ARN = 'arn:aws:cloudtrail:eu-west-1:222222222222:trail/aos-account-trail';

describe('the account trail (prod account: data retained)', () => {
  const [trailId, trail] = only(prod, 'AWS::CloudTrail::Trail');
  const [keyId, key] = only(prod, 'AWS::KMS::Key');
  const buckets = ofType(prod, 'AWS::S3::Bucket');
  const [bucketId, bucket] = buckets.find(([, b]) => b.Properties.ObjectLockEnabled) ?? assert.fail('no trail bucket');
  const [, policy] = ofType(prod, 'AWS::S3::BucketPolicy').find(([, p]) => p.Properties.Bucket.Ref === bucketId)!;
  const statement = (sid: string) => policy.Properties.PolicyDocument.Statement.find((s: any) => s.Sid === sid) ?? assert.fail(sid);

  it('is one multi-Region trail with global events, log file validation and the audit key', () => {
    const p = trail.Properties;
    assert.equal(p.TrailName, 'aos-account-trail');
    assert.equal(p.IsMultiRegionTrail, true);
    assert.equal(p.IncludeGlobalServiceEvents, true);
    assert.equal(p.EnableLogFileValidation, true);
    assert.equal(p.IsLogging, true);
    assert.deepEqual(p.KMSKeyId, { 'Fn::GetAtt': [keyId, 'Arn'] });
    assert.deepEqual(p.S3BucketName, { Ref: bucketId });
    assert.equal(p.EventSelectors, undefined, 'no selectors: every management event, read and write');
    assert.equal(prod.Resources[trailId].DependsOn.some((d: string) => /TrailBucketPolicy/.test(d)), true, 'CreateTrail checks the bucket policy');
  });

  it('writes to a bucket that denies every deletion of a log file, and every request without TLS', () => {
    const deny = statement('DenyDeletingLogFiles');
    assert.equal(deny.Effect, 'Deny');
    assert.deepEqual(deny.Principal, { AWS: '*' });
    assert.deepEqual([deny.Action].flat().sort(), [...DENIED_DELETES].sort());
    const tls = policy.Properties.PolicyDocument.Statement.find((s: any) => s.Condition?.Bool?.['aws:SecureTransport'] === 'false');
    assert.equal(tls.Effect, 'Deny');
    assert.equal(tls.Action, 's3:*');
  });

  it('locks each log file in Object Lock compliance mode for the retention, and is kept with the stack', () => {
    assert.deepEqual(bucket.Properties.ObjectLockConfiguration, { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Days: 365, Mode: 'COMPLIANCE' } } });
    assert.equal(bucket.Properties.BucketName, undefined, 'unnamed: a kept bucket never blocks the next deploy');
    for (const [id, b] of buckets) assert.equal(b.DeletionPolicy, 'Retain', id);
    assert.deepEqual(bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault, { KMSMasterKeyID: { 'Fn::GetAtt': [keyId, 'Arn'] }, SSEAlgorithm: 'aws:kms' });
    assert.ok(bucket.Properties.LoggingConfiguration.DestinationBucketName.Ref, 'its access is logged');
  });

  it('admits CloudTrail for this trail only (aws:SourceArn), in the bucket and in the key', () => {
    for (const sid of ['CloudTrailAclCheck', 'CloudTrailWrite']) assert.equal(statement(sid).Condition.StringEquals['aws:SourceArn'], TRAIL_ARN, sid);
    assert.equal(statement('CloudTrailWrite').Condition.StringEquals['s3:x-amz-acl'], 'bucket-owner-full-control');
    const keyStatements = key.Properties.KeyPolicy.Statement;
    const encrypt = keyStatements.find((s: any) => s.Sid === 'CloudTrailEncryptLogs');
    assert.equal(encrypt.Condition.StringEquals['aws:SourceArn'], TRAIL_ARN);
    assert.equal(encrypt.Condition.StringLike['kms:EncryptionContext:aws:cloudtrail:arn'], 'arn:aws:cloudtrail:*:222222222222:trail/*');
    assert.ok(keyStatements.some((s: any) => s.Sid === 'GrantsOnlyForAwsResources' && s.Effect === 'Deny'));
    assert.equal(key.Properties.EnableKeyRotation, true);
  });

  it('delivers to an encrypted log group it keeps a year, through a role only this trail assumes', () => {
    const [groupId, group] = only(prod, 'AWS::Logs::LogGroup');
    assert.equal(group.Properties.LogGroupName, '/aos/audit/cloudtrail');
    assert.equal(group.Properties.RetentionInDays, 365);
    assert.deepEqual(group.Properties.KmsKeyId, { 'Fn::GetAtt': [keyId, 'Arn'] });
    assert.deepEqual(trail.Properties.CloudWatchLogsLogGroupArn, { 'Fn::GetAtt': [groupId, 'Arn'] });
    const [roleId, role] = only(prod, 'AWS::IAM::Role');
    assert.deepEqual(role.Properties.AssumeRolePolicyDocument.Statement[0].Condition, { StringEquals: { 'aws:SourceArn': TRAIL_ARN } });
    const [, managed] = only(prod, 'AWS::IAM::ManagedPolicy');
    assert.deepEqual(managed.Properties.Roles, [{ Ref: roleId }]);
    assert.equal(managed.Properties.PolicyDocument.Statement[0].Resource, 'arn:aws:logs:eu-west-1:222222222222:log-group:/aos/audit/cloudtrail:log-stream:222222222222_CloudTrail_*');
  });
});

describe('the CIS metric filters and alarms', () => {
  const filters = ofType(prod, 'AWS::Logs::MetricFilter');
  const alarms = ofType(prod, 'AWS::CloudWatch::Alarm');
  const [topicId] = only(prod, 'AWS::SNS::Topic');

  it('cover CIS 4.1 to 4.14 (Security Hub CloudWatch.1 to .14) once each, plus the EKS changes', () => {
    assert.deepEqual(CIS_FILTERS.filter((f) => f.cis).map((f) => f.cis), Array.from({ length: 14 }, (_, i) => `4.${i + 1}`));
    assert.deepEqual(CIS_FILTERS.filter((f) => f.securityHub).map((f) => Number(f.securityHub!.split('.')[1])).sort((a, b) => a - b), Array.from({ length: 14 }, (_, i) => i + 1));
    for (const id of ['EksClusterChanges', 'EksAccessChanges']) assert.ok(CIS_FILTERS.some((f) => f.id === id), id);
    assert.equal(filters.length, CIS_FILTERS.length);
    assert.equal(alarms.length, CIS_FILTERS.length);
  });

  for (const f of CIS_FILTERS) {
    it(`${f.id}: the published pattern, counted into ${'aos/Audit'} and alarmed at one event`, () => {
      const [, filter] = filters.find(([, r]) => r.Properties.FilterName === f.id) ?? assert.fail(`no filter ${f.id}`);
      assert.equal(filter.Properties.FilterPattern, f.pattern);
      assert.ok(f.pattern.length <= 1024, 'CloudWatch Logs takes patterns up to 1024 characters');
      assert.deepEqual(filter.Properties.MetricTransformations, [{ MetricNamespace: 'aos/Audit', MetricName: f.id, MetricValue: '1' }]);
      const [, alarm] = alarms.find(([, a]) => a.Properties.MetricName === f.id) ?? assert.fail(`no alarm on ${f.id}`);
      const a = alarm.Properties;
      assert.equal(a.AlarmName, `aos-audit-${f.id}`);
      assert.equal(a.Namespace, 'aos/Audit');
      assert.deepEqual([a.Statistic, a.Period, a.EvaluationPeriods, a.Threshold, a.ComparisonOperator, a.TreatMissingData], ['Sum', 300, 1, 1, 'GreaterThanOrEqualToThreshold', 'notBreaching']);
      assert.deepEqual(a.AlarmActions, [{ Ref: topicId }]);
    });
  }

  it('notify an encrypted topic that accepts TLS only, and mail it where the file names an address', () => {
    const [, topic] = only(prod, 'AWS::SNS::Topic');
    assert.ok(topic.Properties.KmsMasterKeyId);
    const [, topicPolicy] = only(prod, 'AWS::SNS::TopicPolicy');
    assert.ok(topicPolicy.Properties.PolicyDocument.Statement.some((s: any) => s.Effect === 'Deny' && s.Condition?.Bool?.['aws:SecureTransport'] === 'false'));
    assert.equal(ofType(prod, 'AWS::SNS::Subscription').length, 0, 'no address in the shipped file');
    const mailed = build(auditOf('prod', (d) => (d.audit.alarmEmail = 'security@example.com'))!);
    const [, subscription] = only(mailed, 'AWS::SNS::Subscription');
    assert.deepEqual([subscription.Properties.Protocol, subscription.Properties.Endpoint], ['email', 'security@example.com']);
  });
});

describe('GuardDuty per environment', () => {
  it('prod creates the region\'s detector with EKS audit logs, S3 protection and managed Runtime Monitoring', () => {
    const [, detector] = only(prod, 'AWS::GuardDuty::Detector');
    assert.equal(detector.Properties.Enable, true);
    assert.deepEqual(detector.Properties.Features.map((f: any) => f.Name), GUARD_DUTY_FEATURES.map((f) => f.name));
    const runtime = detector.Properties.Features.find((f: any) => f.Name === 'RUNTIME_MONITORING');
    assert.deepEqual(runtime.AdditionalConfiguration, [{ Name: 'EKS_ADDON_MANAGEMENT', Status: 'ENABLED' }]);
    assert.ok(!detector.Properties.Features.some((f: any) => f.Name === 'EKS_RUNTIME_MONITORING'), 'the API refuses it beside RUNTIME_MONITORING');
    const [, rule] = only(prod, 'AWS::Events::Rule');
    assert.deepEqual(rule.Properties.EventPattern, { source: ['aws.guardduty'], 'detail-type': ['GuardDuty Finding'], detail: { severity: [{ numeric: ['>=', NOTIFIED_SEVERITY] }] } });
  });

  it('dev runs none (the file says off)', () => {
    assert.equal(ofType(dev, 'AWS::GuardDuty::Detector').length, 0);
    assert.equal(ofType(dev, 'AWS::Events::Rule').length, 0);
  });

  it('"existing" creates no detector (one per account and region: a second fails) but routes its findings', () => {
    const existing = build(auditOf('prod', (d) => (d.audit.guardDuty = 'existing'))!);
    assert.equal(ofType(existing, 'AWS::GuardDuty::Detector').length, 0);
    assert.equal(ofType(existing, 'AWS::Events::Rule').length, 1);
  });
});

describe('the audit stack across environments and regions', () => {
  it('in an account whose environments all destroy their data: no Object Lock, deletes still denied, the log group goes with the stack', () => {
    const [, bucket] = ofType(dev, 'AWS::S3::Bucket').find(([, b]) => b.Properties.LoggingConfiguration) ?? assert.fail('no trail bucket');
    assert.equal(bucket.Properties.ObjectLockConfiguration, undefined);
    assert.equal(bucket.DeletionPolicy, 'Retain', 'log files are evidence: never deleted with a stack');
    const [, policy] = ofType(dev, 'AWS::S3::BucketPolicy').find(([, p]) => p.Properties.PolicyDocument.Statement.some((s: any) => s.Sid === 'DenyDeletingLogFiles'))!;
    assert.ok(policy);
    assert.equal(only(dev, 'AWS::Logs::LogGroup')[1].DeletionPolicy, 'Delete');
  });

  it('is named per account and region and protected from deletion where data is retained', () => {
    assert.equal(prodAudit.stackName, 'aos-222222222222-eu-west-1-audit');
    assert.equal(prodAudit.retain, true);
    assert.equal(auditOf('dev')!.retain, false);
  });

  it('is not built where the organization records the account', () => {
    assert.equal(auditOf('dev', (d) => (d.audit = { organizationTrail: true })), undefined);
  });

  it('in a region other than the trail\'s: GuardDuty only, or nothing when GuardDuty is off', () => {
    const elsewhere = (guardDuty: string) => (d: any) => {
      d.region = 'eu-central-1';
      d.availabilityZones = ['eu-central-1a', 'eu-central-1b', 'eu-central-1c'];
      d.imageMirror = { enabled: false };
      d.audit = { homeRegion: 'eu-central-1', guardDuty };
    };
    // The account's only environment moved: the trail follows its home region.
    const moved = auditOf('dev', elsewhere('off'))!;
    assert.equal(moved.stackName, 'aos-111111111111-eu-central-1-audit');
    assert.ok(moved.trail);
    const model = modelOf('dev', (d) => {
      elsewhere('create')(d);
      d.audit.homeRegion = 'eu-west-1';
    });
    // Its trail region must host an environment of the account.
    assert.match(JSON.stringify(auditAccountProblems([{ file: 'x.json', model }])), /eu-west-1 hosts no environment of account 111111111111/);
  });
});

describe('rules of the audit section', () => {
  const problems = (patch: (d: any) => void) => {
    const data = environmentData('dev');
    patch(data);
    const r = validateEnvironment(data);
    return r.ok ? [] : r.problems.map((p) => `${p.path}: ${p.message}`);
  };

  it('refuses a trail log group kept less than a year', () => {
    assert.match(problems((d) => (d.audit.logRetentionDays = 90)).join('\n'), /audit\.logRetentionDays: .*at least 365 days/);
  });

  it('refuses settings beside organizationTrail, which builds nothing', () => {
    const found = problems((d) => (d.audit = { organizationTrail: true, guardDuty: 'create', alarmEmail: 'a@b.example' })).join('\n');
    assert.match(found, /audit\.guardDuty: organizationTrail is true/);
    assert.match(found, /audit\.alarmEmail: organizationTrail is true/);
  });

  it('refuses a home region of another partition and a malformed address', () => {
    assert.match(problems((d) => (d.audit.homeRegion = 'cn-north-1')).join('\n'), /audit\.homeRegion: cn-north-1 is not in the partition of eu-west-1/);
    assert.match(problems((d) => (d.audit.alarmEmail = 'security')).join('\n'), /audit\.alarmEmail: alarmEmail must be a mail address/);
  });

  it('needs every environment of an account to state the same audit section', () => {
    const a = modelOf('dev');
    const b = modelOf('dev', (d) => {
      d.name = 'dev2';
      d.cluster.name = 'aos-dev2';
      d.cluster.access.edit[0].namespaces = ['dev2'];
      d.audit.guardDuty = 'create';
    });
    const found = auditAccountProblems([{ file: 'environments/dev.json', model: a }, { file: 'environments/dev2.json', model: b }]);
    assert.deepEqual(found.map((p) => [p.file, p.path]), [['environments/dev2.json', 'audit.guardDuty']]);
    assert.match(found[0].message, /one audit trail and one GuardDuty detector per region/);
  });
});
