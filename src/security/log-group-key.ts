import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { grantsOnlyForAwsResources } from './key-grants';

export interface LogGroupKeyProps {
  readonly description: string;
  /** Names of the log groups CloudWatch Logs may encrypt with this key, and no others. */
  readonly logGroupNames: readonly string[];
  readonly alias?: string;
  /** The environment's removal policy (src/security/removal-policy.ts): no default, so no key is retained by accident. */
  readonly removalPolicy: RemovalPolicy;
}

/**
 * A rotating customer key that CloudWatch Logs may use only for the named log groups (the
 * encryption context names the log group). Other services are granted by their own statements.
 * Grants are only for AWS resources (src/security/key-grants.ts).
 */
export class LogGroupKey extends kms.Key {
  constructor(scope: Construct, id: string, props: LogGroupKeyProps) {
    super(scope, id, {
      description: props.description,
      alias: props.alias,
      enableKeyRotation: true,
      removalPolicy: props.removalPolicy,
      // A destroyed environment's keys go after the shortest wait KMS allows; kept ones after a month.
      pendingWindow: Duration.days(props.removalPolicy === RemovalPolicy.RETAIN ? 30 : 7),
    });
    this.addToResourcePolicy(grantsOnlyForAwsResources());
    const stack = Stack.of(this);
    const arns = props.logGroupNames.map((name) => `arn:${stack.partition}:logs:${stack.region}:${stack.account}:log-group:${name}`);
    if (arns.length === 0) return;
    this.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: {
          ArnEquals: {
            'kms:EncryptionContext:aws:logs:arn': arns.length === 1 ? arns[0] : arns,
          },
        },
      }),
    );
  }
}
