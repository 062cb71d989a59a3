import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as guardduty from 'aws-cdk-lib/aws-guardduty';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { GuardDutyMode } from './resolve';

/** GuardDuty's severities: 7.0 to 8.9 is High, 9.0 and more Critical. */
export const NOTIFIED_SEVERITY = 7;

/**
 * The detector's protection plans (Amazon GuardDuty API Reference, DetectorFeatureConfiguration):
 * audit-log monitoring of the EKS clusters, S3 protection, and Runtime Monitoring with
 * the security agent deployed and updated by GuardDuty as an EKS add-on. RUNTIME_MONITORING
 * includes what EKS_RUNTIME_MONITORING did; the API refuses the two together.
 */
export const GUARD_DUTY_FEATURES: guardduty.CfnDetector.CFNFeatureConfigurationProperty[] = [
  { name: 'EKS_AUDIT_LOGS', status: 'ENABLED' },
  // S3 protection: data events on the project's buckets (the backend bucket holds application data).
  { name: 'S3_DATA_EVENTS', status: 'ENABLED' },
  { name: 'RUNTIME_MONITORING', status: 'ENABLED', additionalConfiguration: [{ name: 'EKS_ADDON_MANAGEMENT', status: 'ENABLED' }] },
];

export interface ThreatDetectionProps {
  readonly mode: Exclude<GuardDutyMode, 'off'>;
  readonly topic: sns.ITopic;
}

/**
 * GuardDuty in the stack's region. `create`: the detector, with EKS audit-log protection and
 * Runtime Monitoring. `existing`: the account already has the region's detector (one per account
 * and region; CreateDetector fails when one exists), so none is created and its EKS protection is
 * the owner's to enable (docs/audit.md). Either way, High and Critical findings reach the alarm
 * topic through EventBridge.
 */
export class ThreatDetection extends Construct {
  readonly detector?: guardduty.CfnDetector;
  readonly findings: events.Rule;

  constructor(scope: Construct, id: string, props: ThreatDetectionProps) {
    super(scope, id);
    if (props.mode === 'create') {
      this.detector = new guardduty.CfnDetector(this, 'Detector', {
        enable: true,
        findingPublishingFrequency: 'FIFTEEN_MINUTES',
        features: GUARD_DUTY_FEATURES,
      });
    }
    this.findings = new events.Rule(this, 'HighSeverityFindings', {
      description: `GuardDuty findings of severity ${NOTIFIED_SEVERITY} or more (High, Critical) to the audit alarm topic`,
      eventPattern: { source: ['aws.guardduty'], detailType: ['GuardDuty Finding'], detail: { severity: [{ numeric: ['>=', NOTIFIED_SEVERITY] }] } },
      targets: [new targets.SnsTopic(props.topic)],
    });
  }
}
