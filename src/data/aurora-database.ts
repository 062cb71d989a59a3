import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import { Construct } from 'constructs';
import type { DataModel } from './resolve';
import { serviceLogGroup, type DataServiceProps } from './data-service';
import { serviceSecurityGroup } from './service-security-group';

export interface AuroraDatabaseProps extends DataServiceProps {
  readonly aurora: DataModel['aurora'];
}

/**
 * Aurora PostgreSQL, the primary database (SPEC section 8). The master password is generated and
 * rotated by RDS itself in Secrets Manager (no rotation Lambda), encrypted with the data key;
 * storage uses the same key; the parameter group refuses connections without TLS; IAM database
 * authentication is on; readers sit in other zones when there are two or more instances.
 */
export class AuroraDatabase extends Construct {
  readonly cluster: rds.DatabaseCluster;
  readonly securityGroup: ec2.SecurityGroup;
  /** The secret RDS manages for the master user. */
  readonly secretArn: string;

  constructor(scope: Construct, id: string, props: AuroraDatabaseProps) {
    super(scope, id);
    const { aurora, retain } = props;
    this.securityGroup = serviceSecurityGroup(this, 'SecurityGroup', { vpc: props.vpc, clients: props.clients, port: aurora.port, service: 'Aurora PostgreSQL' });

    const logGroup = serviceLogGroup(this, 'Logs', aurora.logGroupName, props);

    const engine = rds.DatabaseClusterEngine.auroraPostgres({
      version: rds.AuroraPostgresEngineVersion.of(aurora.engineVersion, aurora.engineVersion.split('.')[0]),
    });
    const instanceType = new ec2.InstanceType(aurora.instanceClass.replace(/^db\./, ''));
    const instanceProps = {
      instanceType,
      // The engine version is pinned (DATA_ENGINE_VERSIONS), and the pin is the one policy: RDS
      // upgrading a minor by itself would leave the template naming an older version than runs,
      // and the next change to the cluster would ask CloudFormation for a downgrade it refuses.
      // Minor upgrades happen by moving the pin (docs/data.md).
      autoMinorVersionUpgrade: false,
      publiclyAccessible: false,
      enablePerformanceInsights: true,
      performanceInsightEncryptionKey: props.key,
    };
    this.cluster = new rds.DatabaseCluster(this, 'Cluster', {
      clusterIdentifier: aurora.clusterIdentifier,
      engine,
      writer: rds.ClusterInstance.provisioned('writer', instanceProps),
      readers: Array.from({ length: aurora.instances - 1 }, (_, i) => rds.ClusterInstance.provisioned(`reader${i + 1}`, instanceProps)),
      vpc: props.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      securityGroups: [this.securityGroup],
      port: aurora.port,
      defaultDatabaseName: aurora.databaseName,
      credentials: rds.Credentials.fromUsername(aurora.masterUsername, { encryptionKey: props.key }),
      manageMasterUserPassword: true,
      storageEncrypted: true,
      storageEncryptionKey: props.key,
      iamAuthentication: true,
      parameters: { 'rds.force_ssl': '1' },
      backup: { retention: Duration.days(aurora.backupRetentionDays), preferredWindow: '02:00-03:00' },
      preferredMaintenanceWindow: 'sun:03:30-sun:04:30',
      cloudwatchLogsExports: ['postgresql'],
      deletionProtection: retain,
      removalPolicy: retain ? RemovalPolicy.SNAPSHOT : RemovalPolicy.DESTROY,
      copyTagsToSnapshot: true,
    });
    this.cluster.node.addDependency(logGroup);
    this.secretArn = (this.cluster.node.defaultChild as rds.CfnDBCluster).attrMasterUserSecretSecretArn;
  }
}
