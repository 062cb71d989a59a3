import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/** The EC2 events Karpenter acts on before AWS takes an instance away (its published rules). */
export const INTERRUPTION_EVENTS = [
  { id: 'SpotInterruption', source: 'aws.ec2', detailType: 'EC2 Spot Instance Interruption Warning', what: 'Spot reclaims an instance in 2 minutes' },
  { id: 'Rebalance', source: 'aws.ec2', detailType: 'EC2 Instance Rebalance Recommendation', what: 'Spot capacity is at elevated risk' },
  { id: 'InstanceStateChange', source: 'aws.ec2', detailType: 'EC2 Instance State-change Notification', what: 'an instance stops or terminates' },
  { id: 'ScheduledChange', source: 'aws.health', detailType: 'AWS Health Event', what: 'AWS schedules maintenance on an instance' },
] as const;

export interface InterruptionQueueProps {
  readonly queueName: string;
}

/**
 * Karpenter's interruption queue: EventBridge delivers the events above and Karpenter drains the
 * node before the instance goes. Messages are encrypted at rest (SQS-managed keys, which
 * EventBridge can write to without a key policy) and in transit (TLS is required), and expire
 * after 5 minutes: an older interruption notice describes an instance that is already gone.
 */
export class InterruptionQueue extends Construct {
  readonly queue: sqs.Queue;
  readonly rules: events.Rule[];

  constructor(scope: Construct, id: string, props: InterruptionQueueProps) {
    super(scope, id);
    this.queue = new sqs.Queue(this, 'Queue', {
      queueName: props.queueName,
      retentionPeriod: Duration.minutes(5),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // Transient notices only: nothing to keep when the cluster goes.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // The SQS target grants events.amazonaws.com SendMessage only for these rules (aws:SourceArn).
    this.rules = INTERRUPTION_EVENTS.map(
      (e) =>
        new events.Rule(this, e.id, {
          description: `Karpenter interruption: ${e.what}`,
          eventPattern: { source: [e.source], detailType: [e.detailType] },
          targets: [new targets.SqsQueue(this.queue)],
        }),
    );
  }
}
