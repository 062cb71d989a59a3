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

/**
 * The EFS file system of SPEC section 8: encrypted with the infrastructure key, a mount target in
 * the private (node and pod) subnet of every zone, NFS from the cluster only, automatic backups,
 * a policy that refuses mounts without TLS, and InfluxDB2's access point `/influxdb2`.
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
      enableAutomaticBackups: true,
      performanceMode: efs.PerformanceMode.GENERAL_PURPOSE,
      throughputMode: model.throughputMode === 'elastic' ? efs.ThroughputMode.ELASTIC : efs.ThroughputMode.BURSTING,
      lifecyclePolicy: efs.LifecyclePolicy.AFTER_30_DAYS,
      outOfInfrequentAccessPolicy: efs.OutOfInfrequentAccessPolicy.AFTER_1_ACCESS,
      removalPolicy: props.removalPolicy,
    });
    this.fileSystem.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'DenyWithoutTls',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['*'],
        conditions: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    );
    const ap = model.influxAccessPoint;
    this.influxAccessPoint = this.fileSystem.addAccessPoint('Influxdb2', {
      path: ap.path,
      createAcl: { ownerUid: String(ap.uid), ownerGid: String(ap.gid), permissions: ap.permissions },
      posixUser: { uid: String(ap.uid), gid: String(ap.gid) },
    });
  }
}
