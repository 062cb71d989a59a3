/** The audit section of the main job's summary, read back from the synthesized audit stack. */
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import type { PlatformModel } from '../config/model';
import { resourcesAcross } from './assembly';

export function auditSummaryLines(assembly: CloudAssembly, model: PlatformModel): string[] {
  if (model.audit.organizationTrail) return ['', 'Audit: the organization records the account (audit.organizationTrail), no audit stack'];
  const stack = assembly.stacks.find((s) => s.stackName.endsWith('-audit'));
  if (!stack) return ['', `Audit: nothing in ${model.region} (the trail is in ${model.audit.homeRegion}, GuardDuty off)`];
  const trail = resourcesAcross(assembly, 'AWS::CloudTrail::Trail')[0]?.Properties;
  const alarms = resourcesAcross(assembly, 'AWS::CloudWatch::Alarm').length;
  const lines = ['', `Audit (${stack.stackName}, shared by the environments of the account):`];
  if (trail) {
    lines.push(`  Trail ${trail.TrailName}: multi-Region ${trail.IsMultiRegionTrail}, log file validation ${trail.EnableLogFileValidation}, KMS, ${model.audit.logRetentionDays} d in CloudWatch Logs, ${model.audit.retentionDays} d in S3`);
    lines.push(`  ${alarms} CIS alarms to the topic${model.audit.alarmEmail ? ` (mailed to ${model.audit.alarmEmail})` : ' (no subscription: audit.alarmEmail)'}`);
  }
  lines.push(`  GuardDuty: ${model.audit.guardDuty}`);
  return lines;
}
