import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { CIS_FILTERS } from './cis-filters';

export interface AuditAlarmsProps {
  /** The trail's log group. */
  readonly logGroup: logs.ILogGroup;
  readonly namespace: string;
  /** Prefix of the alarm names: `<prefix>-<filter>`. */
  readonly prefix: string;
  readonly topic: sns.ITopic;
}

/**
 * One metric filter and one alarm per CIS monitoring recommendation (cis-filters.ts), as CIS and
 * Security Hub describe them: the filter counts matching events (value 1), the alarm fires on one
 * event in five minutes and notifies the alarm topic; no events is not an alarm.
 */
export class AuditAlarms extends Construct {
  readonly filters = new Map<string, logs.MetricFilter>();
  readonly alarms = new Map<string, cloudwatch.Alarm>();

  constructor(scope: Construct, id: string, props: AuditAlarmsProps) {
    super(scope, id);
    for (const f of CIS_FILTERS) {
      const filter = new logs.MetricFilter(this, f.id, {
        logGroup: props.logGroup,
        filterName: f.id,
        filterPattern: logs.FilterPattern.literal(f.pattern),
        metricNamespace: props.namespace,
        metricName: f.id,
        metricValue: '1',
      });
      const alarm = new cloudwatch.Alarm(this, `${f.id}Alarm`, {
        alarmName: `${props.prefix}-${f.id}`,
        alarmDescription: `${f.cis ? `CIS ${f.cis} (Security Hub ${f.securityHub})` : 'eks-platform'}: ${f.title}. Who did what is in the trail's log group.`,
        metric: filter.metric({ statistic: cloudwatch.Stats.SUM, period: Duration.minutes(5) }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      alarm.addAlarmAction(new actions.SnsAction(props.topic));
      this.filters.set(f.id, filter);
      this.alarms.set(f.id, alarm);
    }
  }
}
