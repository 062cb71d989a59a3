import type { RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as efs from 'aws-cdk-lib/aws-efs';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import type { DataModel } from './resolve';
import { serviceSecurityGroup } from './service-security-group';

export interface SharedFileSystemProps {
  readonly efs: DataModel['efs'];
  readonly vpc: ec2.IVpc;
  readonly clients: ec2.ISecurityGroup;
  readonly key: kms.IKey;
  readonly removalPolicy: RemovalPolicy;
}

/** NFS. */
const NFS_PORT = 2049;

/** What NFS clients do on a file system (EFS's IAM actions for clients). */
export const EFS_CLIENT_ACTIONS = ['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientWrite', 'elasticfilesystem:ClientRootAccess'] as const;

/**
 * The file-system policy, whole. It grants nothing: the one role that mounts (the EFS CSI
 * driver's, whose node pods mount with `iam`) holds ClientMount and ClientWrite in its own policy
 * (src/identity/catalog.ts), and EFS allows what either side allows. Anonymous clients, matched
 * by no Allow, are refused. For everyone, whatever their own policies say, it denies access that
 * does not come through a mount target, access without TLS, and root access (volumes go through
 * access points, which impose their POSIX user).
 *
 * Why the grant is not here: EFS evaluates only aws:SecureTransport, aws:SourceIp,
 * elasticfilesystem:AccessPointArn and elasticfilesystem:AccessedViaMountTarget for NFS clients
 * ("no other condition keys are enforced", EFS user guide, iam-access-control-nfs-efs), so
 * `aws:PrincipalArn` cannot name the role; a role principal would have to exist when the data
 * stack puts the policy (it deploys before, or beside, the cluster stack that creates the role)
 * and would be pinned to that role's unique id, lost when the cluster stack creates it again.
 */
export function fileSystemPolicy(): iam.PolicyDocument {
  const everyone = [new iam.AnyPrincipal()];
  return new iam.PolicyDocument({
    statements: [
      new iam.PolicyStatement({
        sid: 'DenyOutsideMountTargets',
        effect: iam.Effect.DENY,
        principals: everyone,
        actions: [...EFS_CLIENT_ACTIONS],
        conditions: { Bool: { 'elasticfilesystem:AccessedViaMountTarget': 'false' } },
      }),
      new iam.PolicyStatement({ sid: 'DenyRootAccess', effect: iam.Effect.DENY, principals: everyone, actions: ['elasticfilesystem:ClientRootAccess'] }),
      new iam.PolicyStatement({
        sid: 'DenyWithoutTls',
        effect: iam.Effect.DENY,
        principals: everyone,
        actions: ['*'],
        conditions: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    ],
  });
}

/**
 * The EFS file system of SPEC section 8: encrypted with the infrastructure key, a mount target in
 * the private (node and pod) subnet of every zone, NFS from the cluster only, backups by the
 * environment's AWS Backup plan,
 * IAM-authorized TLS mounts through mount targets (`fileSystemPolicy`, efs-mount.ts), and
 * InfluxDB2's access point `/influxdb2`.
 */
export class SharedFileSystem extends Construct {
  readonly fileSystem: efs.FileSystem;
  readonly influxAccessPoint: efs.AccessPoint;
  readonly securityGroup: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, props: SharedFileSystemProps) {
    super(scope, id);
    const model = props.efs;
    this.securityGroup = serviceSecurityGroup(this, 'SecurityGroup', { vpc: props.vpc, clients: props.clients, port: NFS_PORT, service: 'EFS' });
    this.fileSystem = new efs.FileSystem(this, 'FileSystem', {
      fileSystemName: model.name,
      vpc: props.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      securityGroup: this.securityGroup,
      encrypted: true,
      kmsKey: props.key,
      // Backed up by the environment's plan (backup-plan.ts) into its locked vault, not by EFS's
      // automatic plan into aws/efs/automatic-backup-vault, which nothing locks or cleans up.
      enableAutomaticBackups: false,
      performanceMode: efs.PerformanceMode.GENERAL_PURPOSE,
      throughputMode: model.throughputMode === 'elastic' ? efs.ThroughputMode.ELASTIC : efs.ThroughputMode.BURSTING,
      lifecyclePolicy: efs.LifecyclePolicy.AFTER_30_DAYS,
      outOfInfrequentAccessPolicy: efs.OutOfInfrequentAccessPolicy.AFTER_1_ACCESS,
      removalPolicy: props.removalPolicy,
      fileSystemPolicy: fileSystemPolicy(),
      // Not "anonymous access": this only stops aws-cdk-lib from adding its flagged default statement
      // (@aws-cdk/aws-efs:denyAnonymousAccess: write and root access for any client through a mount
      // target, aws/aws-cdk#33669). The policy above is the whole policy, and grants anonymous clients nothing.
      allowAnonymousAccess: true,
    });
    // Stated, not left to the API's default (off for regional file systems, on for One Zone).
    (this.fileSystem.node.defaultChild as efs.CfnFileSystem).backupPolicy = { status: 'DISABLED' };
    const ap = model.influxAccessPoint;
    this.influxAccessPoint = this.fileSystem.addAccessPoint('Influxdb2', {
      path: ap.path,
      createAcl: { ownerUid: String(ap.uid), ownerGid: String(ap.gid), permissions: ap.permissions },
      posixUser: { uid: String(ap.uid), gid: String(ap.gid) },
    });
  }
}
