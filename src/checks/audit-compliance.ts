/** Findings of the audit stack that are right by design, one id at a time with the reason. */
import { Stack, Validations } from 'aws-cdk-lib';
import type { AuditStack } from '../stacks/audit-stack';
import { acknowledge, controlTower, nistHipaa } from './acknowledge';

export function acknowledgeAuditFindings(stack: AuditStack): void {
  const { trail, audit } = stack;
  if (trail) {
    const t = audit.trail!;
    const policy = stack.node.findChild('Trail').node.findChild('LogsPolicy');
    Validations.of(policy).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:${audit.partition}:logs:${audit.region}:${audit.account}:log-group:${t.logGroupName}:log-stream:${audit.account}_CloudTrail_*]`,
      reason: `A multi-Region trail writes one stream per Region, <account>_CloudTrail_<region>, into ${t.logGroupName}; the wildcard is the Region, in that one log group.`,
    });
    acknowledge(
      trail.bucket,
      nistHipaa('S3BucketReplicationEnabled'),
      'The account\'s evidence is kept in its home Region twice: the log files in this bucket (deletes denied, Object Lock where data is retained) and every event in the trail\'s CloudWatch Logs group. A copy in another account is what an organization trail gives (audit.organizationTrail: true).',
    );
    acknowledge(
      trail.accessLogs,
      nistHipaa('S3BucketReplicationEnabled'),
      'Server access logs of the trail bucket, kept in the home Region for the trail\'s retention; the trail itself records every change to the bucket\'s configuration.',
    );
    for (const bucket of [trail.bucket, trail.accessLogs]) {
      acknowledge(
        bucket,
        [controlTower('CT.S3.PR.4')],
        'No consumer of per-object events exists: CloudTrail digest files prove each hour\'s log files complete and unchanged (log file validation), and access to the bucket is logged to the access-log bucket.',
      );
    }
    acknowledge(
      trail.accessLogs,
      [...nistHipaa('S3DefaultEncryptionKMS'), controlTower('CT.S3.PR.10'), controlTower('CT.S3.PR.2'), controlTower('CT.S3.PR.9')],
      'The bucket the trail bucket\'s server access logs are delivered to: S3 delivers access logs only into buckets encrypted with S3-managed keys (SSE-S3), logging the log bucket into itself would log its own deliveries, and its logs expire after the trail\'s retention.',
    );
    if (!audit.retain) {
      acknowledge(
        trail.bucket,
        [controlTower('CT.S3.PR.9')],
        `Every environment of account ${audit.account} says data.removalPolicy "destroy": the bucket policy denies deleting a log file to everyone, but without an Object Lock the account's administrators may lift that policy; Object Lock in compliance mode comes with the first environment of the account that retains its data.`,
      );
    }
  }
  const detector = stack.threatDetection?.detector;
  if (detector) {
    acknowledge(
      detector,
      [controlTower('CT.GUARDDUTY.PR.1')],
      `S3 protection is enabled, through the detector's Features (S3_DATA_EVENTS), the API that replaced DataSources; the control's Guard rule still reads DataSources.S3Logs, and GuardDuty refuses a detector that sets both (${Stack.of(detector).region}).`,
    );
  }
}
