import { Fn, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as docdb from 'aws-cdk-lib/aws-docdb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { DataModel } from './resolve';
import { serviceLogGroup, type DataServiceProps } from './data-service';
import { serviceSecurityGroup } from './service-security-group';

export interface DocumentDatabaseProps extends DataServiceProps {
  readonly documentdb: DataModel['documentdb'];
}

/** Characters a DocumentDB password may not contain, plus the shell-hostile ones. */
const EXCLUDED_PASSWORD_CHARACTERS = '"@/\\\'` ';

/**
 * DocumentDB, the alert store (SPEC section 8). Storage and the credentials secret use the data
 * key; the cluster parameter group requires TLS and turns on audit and profiler logs. The master
 * credentials are generated into Secrets Manager and rotated by Secrets Manager's hosted rotation
 * (MongoDB single user), which runs in the private subnets with its own group that the cluster
 * admits beside the workloads.
 */
export class DocumentDatabase extends Construct {
  readonly cluster: docdb.CfnDBCluster;
  readonly securityGroup: ec2.SecurityGroup;
  readonly rotationSecurityGroup: ec2.SecurityGroup;
  readonly secret: secretsmanager.CfnSecret;
  readonly instances: docdb.CfnDBInstance[] = [];
  readonly rotation: secretsmanager.CfnRotationSchedule;

  constructor(scope: Construct, id: string, props: DocumentDatabaseProps) {
    super(scope, id);
    const { documentdb: db, retain } = props;
    const removalPolicy = retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    const privateSubnetIds = props.vpc.selectSubnets({ subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }).subnetIds;
    this.securityGroup = serviceSecurityGroup(this, 'SecurityGroup', { vpc: props.vpc, clients: props.clients, port: db.port, service: 'DocumentDB' });
    this.rotationSecurityGroup = new ec2.SecurityGroup(this, 'RotationSecurityGroup', {
      vpc: props.vpc,
      description: `Secrets Manager rotation of ${db.clusterIdentifier}: to the cluster and to Secrets Manager only`,
      allowAllOutbound: false,
    });
    this.rotationSecurityGroup.addEgressRule(ec2.Peer.ipv4(props.vpc.vpcCidrBlock), ec2.Port.tcp(443), 'Secrets Manager through the VPC endpoint');
    this.rotationSecurityGroup.addEgressRule(this.securityGroup, ec2.Port.tcp(db.port), 'the DocumentDB cluster');
    this.securityGroup.addIngressRule(this.rotationSecurityGroup, ec2.Port.tcp(db.port), 'Secrets Manager rotation of the master password');

    this.secret = new secretsmanager.CfnSecret(this, 'Credentials', {
      name: db.secretName,
      description: `Master credentials of ${db.clusterIdentifier}`,
      kmsKeyId: props.key.keyArn,
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ username: db.masterUsername }),
        generateStringKey: 'password',
        passwordLength: 32,
        excludeCharacters: EXCLUDED_PASSWORD_CHARACTERS,
      },
    });
    this.secret.applyRemovalPolicy(removalPolicy);

    const subnets = new docdb.CfnDBSubnetGroup(this, 'Subnets', {
      dbSubnetGroupDescription: `Private subnets of ${db.clusterIdentifier}`,
      subnetIds: privateSubnetIds,
    });
    const parameters = new docdb.CfnDBClusterParameterGroup(this, 'Parameters', {
      family: db.parameterFamily,
      description: `TLS required, audit and profiler logs for ${db.clusterIdentifier}`,
      parameters: { tls: 'enabled', audit_logs: 'enabled', profiler: 'enabled', profiler_threshold_ms: '200' },
    });
    const logGroups = Object.values(db.logGroupNames).map((logGroupName, i) => serviceLogGroup(this, `Logs${i}`, logGroupName, props));

    const secretValue = (key: string) => `{{resolve:secretsmanager:${this.secret.ref}:SecretString:${key}}}`;
    this.cluster = new docdb.CfnDBCluster(this, 'Cluster', {
      dbClusterIdentifier: db.clusterIdentifier,
      engineVersion: db.engineVersion,
      port: db.port,
      masterUsername: secretValue('username'),
      masterUserPassword: secretValue('password'),
      dbSubnetGroupName: subnets.ref,
      vpcSecurityGroupIds: [this.securityGroup.securityGroupId],
      dbClusterParameterGroupName: parameters.ref,
      storageEncrypted: true,
      kmsKeyId: props.key.keyArn,
      backupRetentionPeriod: db.backupRetentionDays,
      preferredBackupWindow: '02:00-03:00',
      preferredMaintenanceWindow: 'sun:03:30-sun:04:30',
      enableCloudwatchLogsExports: ['audit', 'profiler'],
      deletionProtection: retain,
      copyTagsToSnapshot: true,
    });
    this.cluster.applyRemovalPolicy(retain ? RemovalPolicy.SNAPSHOT : RemovalPolicy.DESTROY);
    for (const group of logGroups) this.cluster.node.addDependency(group);

    for (let i = 0; i < db.instances; i++) {
      const instance = new docdb.CfnDBInstance(this, `Instance${i + 1}`, {
        dbClusterIdentifier: this.cluster.ref,
        dbInstanceClass: db.instanceClass,
        // Patches within 5.0.0: the engine version string never moves, so the pin cannot drift.
        autoMinorVersionUpgrade: true,
        enablePerformanceInsights: false,
      });
      // The data lives in the cluster volume, which the cluster's final snapshot keeps. A retained
      // instance would stop the cluster's deletion ("still contains DB instances"), so instances
      // always go with the stack, as aws-rds does for Aurora's instances under SNAPSHOT.
      instance.applyRemovalPolicy(RemovalPolicy.DESTROY);
      this.instances.push(instance);
    }

    // Host, port and engine join the secret, so a client needs nothing else.
    const attachment = new secretsmanager.CfnSecretTargetAttachment(this, 'Attachment', {
      secretId: this.secret.ref,
      targetId: this.cluster.ref,
      targetType: 'AWS::DocDB::DBCluster',
    });
    Stack.of(this).addTransform('AWS::SecretsManager-2020-07-23');
    this.rotation = new secretsmanager.CfnRotationSchedule(this, 'Rotation', {
      secretId: attachment.ref,
      hostedRotationLambda: {
        rotationType: 'MongoDBSingleUser',
        vpcSubnetIds: Fn.join(',', privateSubnetIds),
        vpcSecurityGroupIds: this.rotationSecurityGroup.securityGroupId,
        kmsKeyArn: props.key.keyArn,
        excludeCharacters: EXCLUDED_PASSWORD_CHARACTERS,
      },
      rotationRules: { automaticallyAfterDays: db.rotationDays },
    });
    // The first rotation runs as soon as the schedule exists and logs in through the cluster
    // endpoint: with no instance available it would leave the secret half-rotated (AWSPENDING set,
    // the password unchanged). It waits for every instance.
    this.rotation.node.addDependency(this.cluster, ...this.instances);
  }
}
