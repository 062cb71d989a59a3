/**
 * cdk-nag findings of the data stack acknowledged by design, each with its reason. Findings that
 * depend on the environment's sizes (a single-node cache, short backups, no deletion protection)
 * are acknowledged only where the environment chose them, so prod-sized settings stay checked.
 */
import { Validations } from 'aws-cdk-lib';
import type { DataStack } from '../stacks/data-stack';
import { acknowledge, controlTower, nistHipaa } from './acknowledge';

export function acknowledgeDataFindings(stack: DataStack): void {
  const { data } = stack.model;
  const ack = (scope: Parameters<typeof Validations.of>[0], id: string, reason: string) => Validations.of(scope).acknowledge({ id, reason });
  const defaultPort =
    'Reachability is what protects the port: the security group admits only the cluster workload group, and the service sits in private subnets. A non-default port adds no protection and breaks client defaults.';

  ack(stack.redis.replicationGroup, 'AwsSolutions-AEC5', `Redis on 6379. ${defaultPort}`);
  ack(stack.documentdb.cluster, 'AwsSolutions-DOC2', `DocumentDB on 27017. ${defaultPort}`);
  acknowledge(
    stack.redis.authSecret,
    ['AwsSolutions-SMG4', ...nistHipaa('SecretsManagerRotationEnabled')],
    'The Redis AUTH token: Secrets Manager has no hosted rotation for ElastiCache AUTH tokens. Rotate with ModifyReplicationGroup (AuthTokenUpdateStrategy ROTATE then SET), as docs/data.md describes.',
  );
  ack(
    stack.documentdb.cluster,
    'AwsSolutions-DOC3',
    'The rule cannot read the dynamic references: the master user name and password resolve from the DocumentDB secret, which has a hosted-rotation RotationSchedule (see the data tests).',
  );
  for (const event of ['authenticate', 'createIndex', 'dropCollection']) {
    ack(
      stack.documentdb.cluster,
      `AwsSolutions-DOC5[LogExport::${event}]`,
      `DocumentDB exports only "audit" and "profiler" logs; the parameter group sets audit_logs=enabled, which records ${event} events into the exported audit log.`,
    );
  }
  ack(
    stack.registry.pushPolicy,
    'AwsSolutions-IAM5[Resource::*]',
    'ecr:GetAuthorizationToken has no resource type, so a registry login can only name "*"; pushing is allowed only on the listed repositories.',
  );

  // Size-dependent findings, acknowledged only where this environment's file chose the setting.
  const environment = `${stack.model.envName}'s file`;
  if (!data.retain) {
    acknowledge(
      stack.aurora.cluster,
      ['AwsSolutions-RDS10', ...nistHipaa('RDSInstanceDeletionProtectionEnabled'), controlTower('CT.RDS.PR.3')],
      `${environment} sets data.removalPolicy "destroy", so the database may be deleted with its stack; "retain" turns deletion protection on.`,
    );
  }
  if (!data.redis.automaticFailover) {
    acknowledge(
      stack.redis.replicationGroup,
      ['AwsSolutions-AEC4', controlTower('CT.ELASTICACHE.PR.3')],
      `${environment} sizes Redis at one node (data.redis.nodes); two or more turn on multi-AZ and automatic failover.`,
    );
  }
  if (data.documentdb.backupRetentionDays < 7) {
    acknowledge(
      stack.documentdb.cluster,
      ['AwsSolutions-DOC4', controlTower('CT.DOCUMENTDB.PR.2')],
      `${environment} keeps DocumentDB backups for ${data.documentdb.backupRetentionDays} day(s) (data.documentdb.backupRetentionDays), a development choice.`,
    );
  }
}
