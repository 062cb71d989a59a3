import { CfnOutput, DefaultStackSynthesizer, RemovalPolicy, Stack, Tags } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import type { AccountAudit } from '../audit/account';
import { AccountTrail } from '../audit/account-trail';
import { AuditAlarms } from '../audit/audit-alarms';
import { ThreatDetection } from '../audit/threat-detection';
import { DEFAULT_BOOTSTRAP_QUALIFIER } from '../delivery/schema';
import { LogGroupKey } from '../security/log-group-key';

export interface AuditStackProps {
  readonly audit: AccountAudit;
}

/**
 * Lifecycle: the account's audit trail and threat detection in one region (issue 16), shared by
 * every environment of the account and outliving all of them: `<project>-<account>-<region>-audit`.
 * In the account's home region: the multi-Region trail, its bucket and log group, the CIS metric
 * filters and alarms. In every region with an environment: GuardDuty (when the file asks) and the
 * alarm topic that its High and Critical findings reach. Deployed by an administrator, like the
 * delivery stack (docs/audit.md); no environment stack depends on it.
 */
export class AuditStack extends Stack {
  readonly audit: AccountAudit;
  readonly key: LogGroupKey;
  readonly topic: sns.Topic;
  readonly trail?: AccountTrail;
  readonly alarms?: AuditAlarms;
  readonly threatDetection?: ThreatDetection;

  constructor(scope: Construct, id: string, props: AuditStackProps) {
    const { audit } = props;
    super(scope, id, {
      env: { account: audit.account, region: audit.region },
      description: `eks-platform ${audit.project}: audit trail and threat detection of account ${audit.account} in ${audit.region}`,
      // Evidence: the stack refuses deletion wherever the account keeps data.
      terminationProtection: audit.retain,
      synthesizer: audit.qualifier === DEFAULT_BOOTSTRAP_QUALIFIER ? undefined : new DefaultStackSynthesizer({ qualifier: audit.qualifier }),
    });
    this.audit = audit;
    for (const [key, value] of Object.entries(audit.tags)) Tags.of(this).add(key, value);
    const removalPolicy = audit.retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    this.key = new LogGroupKey(this, 'Key', {
      description: `${audit.project} audit of ${audit.account} in ${audit.region}: trail log files, its log group, the alarm topic`,
      logGroupNames: audit.trail ? [audit.trail.logGroupName] : [],
      removalPolicy,
    });
    // Alarms and EventBridge publish to the encrypted topic (they need the key to do it).
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AlarmsAndEventsPublishToTopic',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com'), new iam.ServicePrincipal('events.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': audit.account } },
      }),
    );

    this.topic = new sns.Topic(this, 'Alarms', {
      topicName: `${audit.project}-audit-alarms`,
      displayName: `${audit.project} audit alarms (${audit.account})`,
      masterKey: this.key,
      enforceSSL: true,
    });
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AlarmsPublish',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: { StringEquals: { 'aws:SourceAccount': audit.account } },
      }),
    );
    if (audit.alarmEmail) this.topic.addSubscription(new subscriptions.EmailSubscription(audit.alarmEmail));

    if (audit.trail) {
      this.trail = new AccountTrail(this, 'Trail', { trail: audit.trail, retain: audit.retain, key: this.key });
      this.alarms = new AuditAlarms(this, 'Cis', { logGroup: this.trail.logGroup, namespace: audit.trail.namespace, prefix: `${audit.project}-audit`, topic: this.topic });
      new CfnOutput(this, 'TrailBucketName', { value: this.trail.bucket.bucketName, description: 'Bucket of the account trail\'s log files' });
      new CfnOutput(this, 'TrailLogGroupName', { value: this.trail.logGroup.logGroupName, description: 'Log group of the account trail' });
    }
    if (audit.guardDuty !== 'off') this.threatDetection = new ThreatDetection(this, 'GuardDuty', { mode: audit.guardDuty, topic: this.topic });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.topic.topicArn, description: 'Topic of the audit alarms and GuardDuty findings: subscribe the security team' });
  }
}
