/**
 * The data stack (SPEC sections 8 and 9): per service engine, encryption, network, backups,
 * protection and removal per environment; EFS access point and mounts; buckets; keys; ECR push
 * group; StorageClasses; the removal policy of every resource of every stack; and the
 * configuration errors of the data section.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { validateEnvironment } from '../src/config/load';
import { storageClassObjects } from '../src/cluster/storage-classes';
import { efsStaticVolume } from '../src/data/efs-mount';
import { DATA_ENGINE_VERSIONS } from '../src/config/versions';
import { evaluate } from './support/intrinsics';
import { environmentData, ofType, only, policiesOf, synth, type Synthesized } from './support/platform';

const envs = { dev: synth('dev'), prod: synth('prod') };

/** Logical id of a construct (or its default child) in its own stack. */
function logicalId(c: IConstruct): string {
  const cfn = (c.node.defaultChild ?? c) as any;
  return Stack.of(cfn).getLogicalId(cfn);
}

/** A value of the data template as CloudFormation will read it, following cross-stack references. */
function read(s: Synthesized, value: unknown): any {
  return evaluate(value, {}, s.producers);
}

function resource(s: Synthesized, c: IConstruct): any {
  return s.templates.data.Resources[logicalId(c)];
}

const privateSubnets = (s: Synthesized) => s.platform.network.vpc.privateSubnets.map((sn) => `<${logicalId(sn)}>`).sort();
const workloadGroup = (s: Synthesized) => `<${logicalId(s.platform.network.workloadSecurityGroup)}.GroupId>`;
const keyArn = (s: Synthesized, which: 'dataKey' | 'infraKey') => `<${logicalId(s.platform.data[which].cfnKey)}.Arn>`;

/** Ingress rules of a security group, inline or separate, as [source, port] pairs. */
function ingress(s: Synthesized, group: IConstruct): Array<[string, number, number]> {
  const id = logicalId(group);
  const inline = (s.templates.data.Resources[id].Properties.SecurityGroupIngress ?? []).map((r: any) => [read(s, r.SourceSecurityGroupId), r.FromPort, r.ToPort]);
  const separate = ofType(s.templates.data, 'AWS::EC2::SecurityGroupIngress')
    .filter(([, r]) => r.Properties.GroupId?.['Fn::GetAtt']?.[0] === id)
    .map(([, r]) => [read(s, r.Properties.SourceSecurityGroupId), r.Properties.FromPort, r.Properties.ToPort]);
  return [...inline, ...separate];
}

for (const [env, s] of Object.entries(envs)) {
  const prod = env === 'prod';
  const t = s.templates.data;
  const d = s.platform.data;

  describe(`data stack (${env})`, () => {
    it('deploys after the network only, beside the cluster and the charts; the application stack reads it', () => {
      assert.deepEqual(d.dependencies.map((x) => x.stackName), [s.platform.network.stackName]);
      assert.ok(!s.platform.cluster.dependencies.includes(d), 'the cluster stack no longer needs the data stack');
      assert.ok(!s.platform.charts.dependencies.includes(d), 'the charts stack reads nothing of it (the EFS class is the application stack\'s)');
      assert.ok(s.platform.application.dependencies.includes(d), 'the application reads its outputs and applies the EFS class on its file system');
    });

    it('keys: rotation on, and a policy that never gives the account kms:*', () => {
      for (const which of ['dataKey', 'infraKey'] as const) {
        const key = resource(s, d[which].cfnKey);
        assert.equal(key.Properties.EnableKeyRotation, true);
        assert.equal(key.DeletionPolicy, prod ? 'Retain' : 'Delete');
        const statements = key.Properties.KeyPolicy.Statement;
        for (const st of statements) assert.ok(![st.Action].flat().includes('kms:*'), `${which} ${st.Sid}`);
        const admin = statements.find((st: any) => st.Sid === 'Administer');
        assert.ok(![admin.Action].flat().some((a: string) => /Encrypt|Decrypt|GenerateDataKey/.test(a)), 'administration without use');
        const services = statements.find((st: any) => st.Sid === 'UseThroughServices');
        const model = s.model.data.keys[which === 'dataKey' ? 'data' : 'infra'];
        assert.deepEqual(services.Condition.StringEquals['kms:ViaService'], model.viaServices);
        const roles = statements.find((st: any) => st.Sid === 'UseByWorkloadRoles');
        assert.deepEqual(roles?.Condition.ArnEquals['aws:PrincipalArn'] ?? [], model.userRoleArns);
      }
      const dataUsers = s.model.data.keys.data.userRoleArns.map((a) => a.split('/').pop());
      assert.deepEqual(dataUsers, [`aos-${env}-app`, `aos-${env}-task`, `aos-${env}-base`], 'the roles whose catalog entries use the data key directly');
      assert.deepEqual(s.model.data.keys.infra.userRoleArns.map((a) => a.split('/').pop()), [`aos-${env}-base`]);
    });

    it('Aurora PostgreSQL: pinned engine, data key, TLS only, private, one port from the cluster', () => {
      const [clusterId, cluster] = only(t, 'AWS::RDS::DBCluster');
      const p = cluster.Properties;
      assert.equal(p.Engine, 'aurora-postgresql');
      assert.equal(p.EngineVersion, '17.6');
      assert.equal(p.StorageEncrypted, true);
      assert.equal(read(s, p.KmsKeyId), keyArn(s, 'dataKey'));
      assert.equal(p.ManageMasterUserPassword, true);
      assert.equal(read(s, p.MasterUserSecret.KmsKeyId), keyArn(s, 'dataKey'));
      assert.equal(p.EnableIAMDatabaseAuthentication, true);
      assert.equal(p.Port, 5432);
      const params = t.Resources[p.DBClusterParameterGroupName.Ref].Properties;
      assert.equal(params.Family, 'aurora-postgresql17');
      assert.equal(params.Parameters['rds.force_ssl'], '1');
      const subnets = t.Resources[p.DBSubnetGroupName.Ref].Properties.SubnetIds;
      assert.deepEqual(read(s, subnets).sort(), privateSubnets(s));
      assert.deepEqual(ingress(s, d.aurora.securityGroup), [[workloadGroup(s), 5432, 5432]]);
      assert.equal(p.BackupRetentionPeriod, prod ? 14 : 1);
      assert.equal(p.DeletionProtection, prod);
      assert.equal(cluster.DeletionPolicy, prod ? 'Snapshot' : 'Delete');
      const instances = ofType(t, 'AWS::RDS::DBInstance');
      assert.equal(instances.length, prod ? 2 : 1, 'prod has a reader in another zone');
      for (const [, i] of instances) {
        assert.equal(i.Properties.DBClusterIdentifier.Ref, clusterId);
        assert.equal(i.Properties.PubliclyAccessible, false);
        assert.equal(i.Properties.DBInstanceClass, prod ? 'db.r7g.large' : 'db.t4g.medium');
      }
      assert.deepEqual(p.EnableCloudwatchLogsExports, ['postgresql']);
    });

    it('versions do not drift under their pins: Aurora moves only with its pin; the data key serves SSM parameters (item 10)', () => {
      const [, cluster] = only(t, 'AWS::RDS::DBCluster');
      assert.equal(cluster.Properties.EngineVersion, DATA_ENGINE_VERSIONS.auroraPostgres);
      assert.match(DATA_ENGINE_VERSIONS.auroraPostgres, /^\d+\.\d+$/, 'the pin names a minor, so an automatic minor upgrade would contradict it');
      for (const [id, instance] of ofType(t, 'AWS::RDS::DBInstance')) assert.equal(instance.Properties.AutoMinorVersionUpgrade, false, id);
      // DocumentDB and Redis pins name no minor that a patch could move (5.0.0 and 7.1 stay as they are).
      assert.equal(only(t, 'AWS::DocDB::DBCluster')[1].Properties.EngineVersion, '5.0.0');
      const key = resource(s, d.dataKey.cfnKey).Properties.KeyPolicy.Statement.find((st: any) => st.Sid === 'UseThroughServices');
      assert.ok(key.Condition.StringEquals['kms:ViaService'].includes('ssm.eu-west-1.amazonaws.com'));
      assert.ok(!resource(s, d.infraKey.cfnKey).Properties.KeyPolicy.Statement.find((st: any) => st.Sid === 'UseThroughServices').Condition.StringEquals['kms:ViaService'].includes('ssm.eu-west-1.amazonaws.com'));
      // external-secrets, which reads the parameters, decrypts them through SSM only.
      const role = s.model.identity.roles.find((r) => r.id === 'external-secrets')!;
      const viaSsm = role.statements.find((st) => st.conditions?.StringEquals?.['kms:ViaService'] === 'ssm.eu-west-1.amazonaws.com');
      // It names the key by its alias: the cluster stack that holds the role deploys beside the data stack.
      assert.deepEqual([viaSsm?.actions, viaSsm?.conditions?.['ForAnyValue:StringEquals']], [['kms:Decrypt'], { 'kms:ResourceAliases': s.model.identity.scope.dataKeyAlias }]);
    });

    it('Redis: TLS required, AUTH from Secrets Manager, data key, failover and multi-AZ in prod', () => {
      const [, group] = only(t, 'AWS::ElastiCache::ReplicationGroup');
      const p = group.Properties;
      assert.equal(p.Engine, 'redis');
      assert.equal(p.EngineVersion, '7.1');
      assert.equal(p.AtRestEncryptionEnabled, true);
      assert.equal(read(s, p.KmsKeyId), keyArn(s, 'dataKey'));
      assert.equal(p.TransitEncryptionEnabled, true);
      assert.equal(p.TransitEncryptionMode, 'required');
      assert.equal(read(s, p.AuthToken), `{{resolve:secretsmanager:<${logicalId(d.redis.authSecret)}>:SecretString}}`, 'a dynamic reference, never a literal');
      const secret = resource(s, d.redis.authSecret).Properties;
      assert.equal(secret.Name, `aos-${env}-data/redis-auth`, 'outside the application prefix aos/<env>/ that some roles may write');
      assert.equal(read(s, secret.KmsKeyId), keyArn(s, 'dataKey'));
      assert.deepEqual(read(s, t.Resources[p.CacheSubnetGroupName.Ref].Properties.SubnetIds).sort(), privateSubnets(s));
      assert.deepEqual(ingress(s, d.redis.securityGroup), [[workloadGroup(s), 6379, 6379]]);
      assert.equal(p.NumCacheClusters, prod ? 2 : 1);
      assert.equal(p.AutomaticFailoverEnabled, prod);
      assert.equal(p.MultiAZEnabled, prod);
      assert.equal(p.SnapshotRetentionLimit, prod ? 15 : 1);
      assert.equal(group.DeletionPolicy, prod ? 'Snapshot' : 'Delete');
    });

    it('DocumentDB: TLS, data key, generated and rotated credentials, private, one port', () => {
      const [clusterId, cluster] = only(t, 'AWS::DocDB::DBCluster');
      const p = cluster.Properties;
      assert.equal(p.EngineVersion, '5.0.0');
      assert.equal(p.StorageEncrypted, true);
      assert.equal(read(s, p.KmsKeyId), keyArn(s, 'dataKey'));
      const params = t.Resources[p.DBClusterParameterGroupName.Ref].Properties;
      assert.equal(params.Family, 'docdb5.0');
      assert.equal(params.Parameters.tls, 'enabled');
      const secretId = logicalId(d.documentdb.secret);
      assert.equal(read(s, p.MasterUserPassword), `{{resolve:secretsmanager:<${secretId}>:SecretString:password}}`);
      assert.equal(read(s, t.Resources[secretId].Properties.KmsKeyId), keyArn(s, 'dataKey'));
      const [, rotation] = only(t, 'AWS::SecretsManager::RotationSchedule');
      assert.equal(rotation.Properties.HostedRotationLambda.RotationType, 'MongoDBSingleUser');
      assert.deepEqual(rotation.Properties.RotationRules, { AutomaticallyAfterDays: 30 });
      assert.ok([t.Transform].flat().includes('AWS::SecretsManager-2020-07-23'));
      const [, attachment] = only(t, 'AWS::SecretsManager::SecretTargetAttachment');
      assert.deepEqual(attachment.Properties.TargetId, { Ref: clusterId });
      assert.deepEqual(read(s, t.Resources[p.DBSubnetGroupName.Ref].Properties.SubnetIds).sort(), privateSubnets(s));
      const rotator = `<${logicalId(d.documentdb.rotationSecurityGroup)}.GroupId>`;
      assert.deepEqual(ingress(s, d.documentdb.securityGroup).sort(), [[workloadGroup(s), 27017, 27017], [rotator, 27017, 27017]].sort(), 'the cluster and its password rotation only');
      assert.equal(p.BackupRetentionPeriod, prod ? 14 : 1);
      assert.equal(p.DeletionProtection, prod);
      assert.equal(cluster.DeletionPolicy, prod ? 'Snapshot' : 'Delete');
      assert.equal(ofType(t, 'AWS::DocDB::DBInstance').length, prod ? 2 : 1);
    });

    it('DocumentDB: the first rotation waits for every instance; instances go with the stack so the snapshot path completes (item 5)', () => {
      const rotationId = logicalId(d.documentdb.rotation);
      const instances = ofType(t, 'AWS::DocDB::DBInstance');
      const dependsOn = [t.Resources[rotationId].DependsOn].flat();
      for (const [id] of instances) assert.ok(dependsOn.includes(id), `rotation waits for ${id}`);
      assert.ok(dependsOn.includes(only(t, 'AWS::DocDB::DBCluster')[0]));
      for (const [id, instance] of instances) {
        // Retained instances would keep the snapshotted, deletion-protected cluster from being deleted.
        assert.equal(instance.DeletionPolicy, 'Delete', id);
        assert.equal(instance.UpdateReplacePolicy, 'Delete', id);
      }
      // The same shape as the Aurora construct: instances deleted, the cluster snapshotted where data is kept.
      for (const [id, instance] of ofType(t, 'AWS::RDS::DBInstance')) assert.equal(instance.DeletionPolicy, 'Delete', id);
      assert.equal(only(t, 'AWS::RDS::DBCluster')[1].DeletionPolicy, prod ? 'Snapshot' : 'Delete');
    });

    it('EFS: infrastructure key, a mount target per private subnet, NFS from the cluster, backups, TLS', () => {
      const fs = resource(s, d.fileSystem.fileSystem);
      assert.equal(fs.Properties.Encrypted, true);
      assert.equal(read(s, fs.Properties.KmsKeyId), keyArn(s, 'infraKey'));
      // Backed up by the environment's AWS Backup plan (test/backup.test.ts), not by EFS's own.
      assert.deepEqual(fs.Properties.BackupPolicy, { Status: 'DISABLED' });
      assert.equal(fs.DeletionPolicy, prod ? 'Retain' : 'Delete');
      const deny = fs.Properties.FileSystemPolicy.Statement.find((st: any) => st.Sid === 'DenyWithoutTls');
      assert.deepEqual(deny.Condition, { Bool: { 'aws:SecureTransport': 'false' } });
      const targets = ofType(t, 'AWS::EFS::MountTarget').map(([, m]) => read(s, m.Properties.SubnetId)).sort();
      assert.deepEqual(targets, privateSubnets(s));
      assert.deepEqual(ingress(s, d.fileSystem.securityGroup), [[workloadGroup(s), 2049, 2049]]);
    });

    it('EFS: IAM-authorized mounts by the CSI driver\'s role only, through mount targets, with TLS, never as root (item 4)', () => {
      const policy = resource(s, d.fileSystem.fileSystem).Properties.FileSystemPolicy;
      // The whole policy: it grants nothing (so anonymous clients are refused) and fences everyone.
      assert.deepEqual(policy.Statement, [
        {
          Sid: 'DenyOutsideMountTargets',
          Effect: 'Deny',
          Principal: { AWS: '*' },
          Action: ['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientRootAccess', 'elasticfilesystem:ClientWrite'],
          Condition: { Bool: { 'elasticfilesystem:AccessedViaMountTarget': 'false' } },
        },
        { Sid: 'DenyRootAccess', Effect: 'Deny', Principal: { AWS: '*' }, Action: 'elasticfilesystem:ClientRootAccess' },
        { Sid: 'DenyWithoutTls', Effect: 'Deny', Principal: { AWS: '*' }, Action: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
      ]);
      // EFS evaluates only these keys for NFS clients; a principal condition would never match.
      const keys = policy.Statement.flatMap((st: any) => Object.values(st.Condition ?? {}).flatMap((c: any) => Object.keys(c)));
      for (const key of keys) assert.ok(['aws:SecureTransport', 'aws:SourceIp', 'elasticfilesystem:AccessPointArn', 'elasticfilesystem:AccessedViaMountTarget'].includes(key), key);

      // Mount and write are granted to exactly one role of the cluster stack: the EFS CSI driver's,
      // bound to the node pods' service account, and only through mount targets.
      const cluster = s.templates.cluster;
      const clients = policiesOf(cluster).flatMap(([, p]) =>
        p.Properties.PolicyDocument.Statement.filter((st: any) => [st.Action].flat().some((a: string) => a.startsWith('elasticfilesystem:Client'))).map((st: any) => ({ st, roles: p.Properties.Roles })),
      );
      assert.equal(clients.length, 1);
      const [{ st, roles }] = clients;
      assert.deepEqual([st.Action].flat().sort(), ['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientWrite']);
      assert.deepEqual(st.Condition, { Bool: { 'elasticfilesystem:AccessedViaMountTarget': 'true' } });
      assert.equal(evaluate(st.Resource), `arn:aws:elasticfilesystem:eu-west-1:${s.model.account}:file-system/*`);
      assert.equal(roles.length, 1);
      const role = cluster.Resources[roles[0].Ref];
      assert.equal(role.Properties.RoleName, `aos-${env}-efs-controller`);
      const [, addon] = ofType(cluster, 'AWS::EKS::Addon').find(([, a]) => a.Properties.AddonName === 'aws-efs-csi-driver')!;
      assert.deepEqual(addon.Properties.ServiceAccountRoleArn, { 'Fn::GetAtt': [roles[0].Ref, 'Arn'] });
      // IRSA: the trust conditions are a CfnJson value; they name the node pods' service account.
      const trust = role.Properties.AssumeRolePolicyDocument.Statement[0].Condition.StringEquals['Fn::GetAtt'][0];
      assert.match(JSON.stringify(cluster.Resources[trust].Properties.Value), /system:serviceaccount:kube-system:efs-csi-node-sa/);
      for (const [, other] of ofType(cluster, 'AWS::IAM::Role')) {
        for (const policy of (other.Properties.ManagedPolicyArns ?? []).map((a: any) => JSON.stringify(a))) assert.doesNotMatch(policy, /ElasticFileSystemClient/, 'no managed client policy anywhere');
      }

      // Every EFS volume mounts with iam and tls: the StorageClass and the static volume helper alike.
      const efs = storageClassObjects(s.model.data.storageClasses, 'fs-1').find((c: any) => c.provisioner === 'efs.csi.aws.com') as any;
      assert.deepEqual(efs.mountOptions, ['iam', 'tls']);
      const pv = efsStaticVolume({ name: 'influxdb2', volumeHandle: 'fs-1::fsap-1', capacity: '20Gi', claim: { namespace: 'aos', name: 'influxdb2' } }) as any;
      assert.deepEqual(pv.spec.mountOptions, ['iam', 'tls']);
      assert.deepEqual(pv.spec.csi, { driver: 'efs.csi.aws.com', volumeHandle: 'fs-1::fsap-1', volumeAttributes: { encryptInTransit: 'true' } });
      assert.equal(pv.spec.persistentVolumeReclaimPolicy, 'Retain');
    });

    it('EFS access point /influxdb2 exactly as SPEC section 8', () => {
      const [, ap] = only(t, 'AWS::EFS::AccessPoint');
      assert.deepEqual(ap.Properties.RootDirectory, { Path: '/influxdb2', CreationInfo: { OwnerUid: '1000', OwnerGid: '1000', Permissions: '775' } });
      assert.deepEqual(ap.Properties.PosixUser, { Uid: '1000', Gid: '1000' });
      const handle = read(s, t.Outputs.InfluxDbVolumeHandle.Value);
      assert.equal(handle, `<${logicalId(d.fileSystem.fileSystem)}>::<${logicalId(d.fileSystem.influxAccessPoint)}>`);
    });

    it('buckets: KMS with the right key, TLS only, versioned, logged, nothing public', () => {
      const buckets = ofType(t, 'AWS::S3::Bucket');
      assert.equal(buckets.length, 3);
      for (const [id, b] of buckets) {
        assert.deepEqual(b.Properties.PublicAccessBlockConfiguration, { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true }, id);
        assert.deepEqual(b.Properties.VersioningConfiguration, { Status: 'Enabled' });
        assert.equal(b.DeletionPolicy, prod ? 'Retain' : 'Delete');
        const policy = ofType(t, 'AWS::S3::BucketPolicy').find(([, p]) => p.Properties.Bucket.Ref === id)![1];
        const tls = policy.Properties.PolicyDocument.Statement.find((st: any) => st.Effect === 'Deny' && st.Condition?.Bool?.['aws:SecureTransport'] === 'false');
        assert.ok(tls, `${id} denies requests without TLS`);
        for (const st of policy.Properties.PolicyDocument.Statement.filter((x: any) => x.Effect === 'Allow')) {
          assert.notEqual(st.Principal, '*', `${id}: no public grant`);
          assert.deepEqual(st.Principal, { Service: 'logging.s3.amazonaws.com' }, 'only S3 log delivery is allowed in, to the log bucket');
        }
      }
      const sse = (c: IConstruct) => resource(s, c).Properties.BucketEncryption.ServerSideEncryptionConfiguration[0];
      assert.equal(read(s, sse(d.buckets.backend).ServerSideEncryptionByDefault.KMSMasterKeyID), keyArn(s, 'dataKey'));
      assert.equal(read(s, sse(d.buckets.infra).ServerSideEncryptionByDefault.KMSMasterKeyID), keyArn(s, 'infraKey'));
      assert.equal(sse(d.buckets.accessLogs).ServerSideEncryptionByDefault.SSEAlgorithm, 'AES256', 'access logs can only be delivered to SSE-S3 buckets');
      for (const b of [d.buckets.backend, d.buckets.infra]) {
        const p = resource(s, b).Properties;
        assert.deepEqual(p.LoggingConfiguration.DestinationBucketName, { Ref: logicalId(d.buckets.accessLogs) });
        assert.equal(p.LifecycleConfiguration.Rules[0].NoncurrentVersionExpiration.NoncurrentDays, prod ? 90 : 30);
      }
      assert.equal(resource(s, d.buckets.backend).Properties.BucketName, `aos-${env}-backend-${s.model.account}`);
    });

    it('no resource of the data stack is public', () => {
      const text = JSON.stringify(t);
      assert.doesNotMatch(text, /"PubliclyAccessible":true/);
      assert.doesNotMatch(text, /0\.0\.0\.0\/0/);
      assert.doesNotMatch(text, /"Principal":"\*"/, 'only Deny statements may name every principal');
      for (const [, p] of ofType(t, 'AWS::S3::BucketPolicy')) {
        for (const st of p.Properties.PolicyDocument.Statement) if (st.Principal?.AWS === '*') assert.equal(st.Effect, 'Deny');
      }
    });

    it('ECR: one immutable, scanned, KMS-encrypted repository per image, with lifecycle rules', () => {
      const repos = ofType(t, 'AWS::ECR::Repository');
      assert.deepEqual(repos.map(([, r]) => r.Properties.RepositoryName).sort(), s.model.data.registry.repositories.map((r) => r.name).sort());
      for (const [, r] of repos) {
        assert.equal(r.Properties.ImageTagMutability, 'IMMUTABLE');
        assert.deepEqual(r.Properties.ImageScanningConfiguration, { ScanOnPush: true });
        assert.equal(r.Properties.EncryptionConfiguration.EncryptionType, 'KMS');
        assert.equal(read(s, r.Properties.EncryptionConfiguration.KmsKey), keyArn(s, 'infraKey'));
        const rules = JSON.parse(r.Properties.LifecyclePolicy.LifecyclePolicyText).rules;
        assert.deepEqual(rules.map((x: any) => [x.selection.tagStatus, x.selection.countType]), [['untagged', 'sinceImagePushed'], ['any', 'imageCountMoreThan']]);
        assert.equal(r.DeletionPolicy, prod ? 'Retain' : 'Delete');
      }
    });

    it('the push group may push to exactly those repositories', () => {
      const [, group] = only(t, 'AWS::IAM::Group');
      assert.equal(group.Properties.GroupName, `aos-${env}-image-pushers`);
      const [, policy] = only(t, 'AWS::IAM::ManagedPolicy');
      const statements = policy.Properties.PolicyDocument.Statement;
      const login = statements.find((st: any) => st.Sid === 'RegistryLogin');
      assert.deepEqual([login.Action, login.Resource], ['ecr:GetAuthorizationToken', '*'], 'the one call with no resource type, alone in its statement');
      const push = statements.find((st: any) => st.Sid === 'PushApplicationImages');
      const repoArns = [...d.registry.repositories.values()].map((r) => `<${logicalId(r)}.Arn>`).sort();
      assert.deepEqual(read(s, push.Resource).sort(), repoArns);
      assert.ok(!push.Action.some((a: string) => a.includes('*') || /Delete|SetRepositoryPolicy/.test(a)));
      assert.equal(statements.length, 2);
    });

    it('database credentials: readable by the roles that sync secrets, writable by none', () => {
      const names = [s.model.data.redis.authSecretName, s.model.data.documentdb.secretName];
      const matches = (pattern: string, name: string) => new RegExp(`^${pattern.split('*').map((x) => x.replace(/[.?+^$()[\]{}|\\/]/g, '\\$&')).join('.*')}`).test(`arn:aws:secretsmanager:eu-west-1:${s.model.account}:secret:${name}-AbCdEf`);
      for (const role of s.model.identity.roles) {
        for (const st of role.statements.filter((x) => x.actions.some((a) => /secretsmanager:(Put|Update|Delete|Create|Rotate)/.test(a)))) {
          for (const name of names) assert.ok(!st.resources.some((r) => matches(r, name)), `${role.roleName} ${st.sid} cannot write ${name}`);
          assert.equal(st.dataResources, undefined, `${role.roleName} ${st.sid}`);
        }
      }
      const readers = s.model.identity.roles.filter((r) => r.statements.some((st) => st.dataResources?.includes('secret:aurora'))).map((r) => r.id);
      // SPEC's "Secrets Manager (full)" roles, and the roles whose pods mount the Aurora credentials.
      assert.deepEqual(readers, ['app', 'task', 'sd', 'secrets-manager', 'base', 'data-services', 'qm']);
    });

    it('exports endpoints, ports and secret ARNs for the application layer', () => {
      for (const name of ['AuroraEndpoint', 'AuroraReaderEndpoint', 'AuroraSecretArn', 'RedisEndpoint', 'RedisAuthSecretArn', 'DocumentDbEndpoint', 'DocumentDbSecretArn', 'EfsFileSystemId', 'InfluxDbAccessPointId', 'BackendBucketName', 'ImagePushGroup']) {
        assert.ok(t.Outputs[name], name);
      }
      assert.equal(read(s, t.Outputs.AuroraSecretArn.Value), `<${logicalId(d.aurora.cluster)}.MasterUserSecret.SecretArn>`);
    });

    it('acknowledges size-dependent cdk-nag findings only where the file chose those sizes', () => {
      const acknowledged = d.node
        .findAll()
        .flatMap((c) => c.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY))
        .flatMap((m) => Object.keys(m.data as object));
      assert.ok(acknowledged.some((id) => id.includes('AwsSolutions-AEC5')), 'the always-acknowledged findings are recorded');
      for (const rule of ['RDS10', 'AEC4', 'DOC4']) {
        assert.equal(acknowledged.some((id) => id.includes(`AwsSolutions-${rule}`)), !prod, `${rule} ${prod ? 'stays checked in prod' : 'acknowledged for dev'}`);
      }
    });

    it('nodes carry the workload group beside the cluster group', () => {
      const [, lt] = only(s.templates.cluster, 'AWS::EC2::LaunchTemplate');
      const [clusterId] = only(s.templates.cluster, 'AWS::EKS::Cluster');
      assert.deepEqual(read(s, lt.Properties.LaunchTemplateData.SecurityGroupIds), [`<${clusterId}.ClusterSecurityGroupId>`, workloadGroup(s)]);
    });
  });
}

/*
 * What a stack deletion keeps (issue 19, item 3): every resource that holds data, logs or keys
 * follows the environment's `data.removalPolicy`. The walk covers every resource of every stack
 * (here, to reuse this file's two synths): in a `destroy` environment nothing is retained or
 * snapshotted unless listed below with its reason (a retained named log group or alias fails the
 * next deploy with "already exists"); in a `retain` environment everything that holds data, logs
 * or keys is kept or snapshotted, again unless listed.
 */
/** Resource types that hold data, logs or keys: a deletion decides their fate. */
const STATEFUL_TYPES = new Set([
  'AWS::Logs::LogGroup',
  'AWS::KMS::Key',
  'AWS::S3::Bucket',
  'AWS::RDS::DBCluster',
  'AWS::RDS::DBInstance',
  'AWS::DocDB::DBCluster',
  'AWS::DocDB::DBInstance',
  'AWS::ElastiCache::ReplicationGroup',
  'AWS::EFS::FileSystem',
  'AWS::ECR::Repository',
  'AWS::SecretsManager::Secret',
  'AWS::Backup::BackupVault',
]);

/** Types whose deletion can take a final snapshot, which keeps their data. */
const SNAPSHOT_TYPES = new Set(['AWS::RDS::DBCluster', 'AWS::DocDB::DBCluster', 'AWS::ElastiCache::ReplicationGroup']);

interface Allowed {
  readonly type: string;
  /** Logical ids it covers. */
  readonly logicalId: RegExp;
  readonly reason: string;
}

/** Kept although the environment says `destroy`. Nothing is: an entry here needs a reason a reviewer would accept. */
const RETAINED_IN_DESTROY: readonly Allowed[] = [];

/** Deleted although the environment says `retain`. */
const DELETED_IN_RETAIN: readonly Allowed[] = [
  {
    type: 'AWS::RDS::DBInstance',
    logicalId: /^Aurora/,
    reason: 'an Aurora instance holds no data (the cluster volume does, and the cluster is snapshotted); a retained instance would stop the cluster\'s deletion',
  },
  {
    type: 'AWS::DocDB::DBInstance',
    logicalId: /^DocumentDb/,
    reason: 'a DocumentDB instance holds no data (the cluster volume does, and the cluster is snapshotted); a retained instance would stop the cluster\'s deletion',
  },
];

const KEPT = new Set(['Retain', 'RetainExceptOnCreate', 'Snapshot']);

interface Walked {
  readonly stack: string;
  readonly logicalId: string;
  readonly type: string;
  readonly deletion?: string;
  readonly replace?: string;
}

function walk(s: Synthesized): Walked[] {
  return Object.entries(s.templates).flatMap(([stack, template]) =>
    Object.entries<any>(template.Resources).map(([logicalId, r]) => ({ stack, logicalId, type: r.Type, deletion: r.DeletionPolicy, replace: r.UpdateReplacePolicy })),
  );
}

const listed = (list: readonly Allowed[], r: Walked) => list.find((a) => a.type === r.type && a.logicalId.test(r.logicalId));
const name = (r: Walked) => `${r.stack}/${r.logicalId} (${r.type}): DeletionPolicy ${r.deletion}, UpdateReplacePolicy ${r.replace}`;

describe('removal policies across every stack: a destroy environment (dev) leaves nothing behind (item 3)', () => {
  const dev = envs.dev;
  const resources = walk(dev);
  assert.equal(dev.model.data.retain, false);

  it('retains or snapshots no resource of any stack unless listed with its reason', () => {
    const kept = resources.filter((r) => (KEPT.has(r.deletion ?? '') || KEPT.has(r.replace ?? '')) && !listed(RETAINED_IN_DESTROY, r));
    assert.deepEqual(kept.map(name), []);
  });

  it('states Delete on everything that holds data, logs or keys, so no CloudFormation default (Snapshot for RDS) applies', () => {
    const stateful = resources.filter((r) => STATEFUL_TYPES.has(r.type));
    for (const type of ['AWS::Logs::LogGroup', 'AWS::KMS::Key', 'AWS::RDS::DBCluster', 'AWS::EFS::FileSystem']) assert.ok(stateful.some((r) => r.type === type), type);
    const implicit = stateful.filter((r) => r.deletion !== 'Delete' && !listed(RETAINED_IN_DESTROY, r));
    assert.deepEqual(implicit.map(name), []);
  });

  it('covers the named log groups and keys that blocked a second deploy', () => {
    const byStack = (stack: string, type: string) => resources.filter((r) => r.stack === stack && r.type === type);
    // /aws/eks/<cluster>/cluster and its key, the flow log group and its key, the pod log key, the kubectl provider's logs.
    assert.equal(byStack('cluster', 'AWS::Logs::LogGroup').length, 3);
    assert.equal(byStack('network', 'AWS::Logs::LogGroup').length, 1);
    for (const r of [...byStack('cluster', 'AWS::KMS::Key'), ...byStack('network', 'AWS::KMS::Key'), ...byStack('charts', 'AWS::KMS::Key')]) assert.equal(r.deletion, 'Delete', name(r));
    const group = dev.templates.cluster.Resources[resources.find((r) => r.stack === 'cluster' && /ControlPlaneLogs/.test(r.logicalId))!.logicalId];
    assert.equal(group.Properties.LogGroupName, '/aws/eks/aos-dev/cluster');
  });
});

describe('removal policies across every stack: a retain environment (prod) keeps everything that holds data (item 3)', () => {
  const prod = envs.prod;
  const resources = walk(prod);
  assert.equal(prod.model.data.retain, true);

  it('keeps or snapshots every resource that holds data, logs or keys, unless listed with its reason', () => {
    const lost = resources.filter((r) => STATEFUL_TYPES.has(r.type) && !listed(DELETED_IN_RETAIN, r)).filter((r) => !KEPT.has(r.deletion ?? '') || !KEPT.has(r.replace ?? ''));
    assert.deepEqual(lost.map(name), []);
    const wrongSnapshot = resources.filter((r) => r.deletion === 'Snapshot' && !SNAPSHOT_TYPES.has(r.type));
    assert.deepEqual(wrongSnapshot.map(name), []);
  });

  it('deletes what it lists, and each entry is in use', () => {
    for (const allowed of DELETED_IN_RETAIN) {
      const covered = resources.filter((r) => listed([allowed], r));
      assert.ok(covered.length > 0, `${allowed.type} ${allowed.logicalId} matches nothing: remove it`);
      for (const r of covered) assert.equal(r.deletion, 'Delete', name(r));
      assert.ok(allowed.reason.length > 40);
    }
  });

  it('keeps nothing that holds no data, so a kept copy never blocks the stack coming back', () => {
    const keptStateless = resources.filter((r) => !STATEFUL_TYPES.has(r.type) && KEPT.has(r.deletion ?? ''));
    assert.deepEqual(keptStateless.map(name), []);
  });
});

describe('StorageClasses', () => {
  it('gp3 is the only default, encrypted, bound where the pod lands', () => {
    const classes = storageClassObjects(envs.dev.model.data.storageClasses, 'fs-0123456789abcdef0');
    assert.deepEqual(classes.map((c: any) => c.metadata.name), ['gp3', 'io2', 'efs']);
    const defaults = classes.filter((c: any) => c.metadata.annotations['storageclass.kubernetes.io/is-default-class'] === 'true');
    assert.deepEqual(defaults.map((c: any) => c.metadata.name), ['gp3']);
    const [gp3, io2, efs] = classes as any[];
    assert.deepEqual([gp3.provisioner, gp3.volumeBindingMode, gp3.parameters.type, gp3.parameters.encrypted], ['ebs.csi.aws.com', 'WaitForFirstConsumer', 'gp3', 'true']);
    assert.deepEqual([io2.provisioner, io2.volumeBindingMode, io2.parameters.type, io2.parameters.encrypted, io2.parameters.iopsPerGB], ['ebs.csi.aws.com', 'WaitForFirstConsumer', 'io2', 'true', '50']);
    assert.deepEqual([efs.provisioner, efs.parameters.provisioningMode, efs.parameters.fileSystemId], ['efs.csi.aws.com', 'efs-ap', 'fs-0123456789abcdef0']);
    assert.equal(gp3.reclaimPolicy, 'Delete');
    const prodClasses = storageClassObjects(envs.prod.model.data.storageClasses, 'fs-1');
    assert.ok(prodClasses.every((c: any) => c.reclaimPolicy === 'Retain'), 'prod keeps volumes when claims go');
  });

  it('gp3 and io2 are applied by the charts stack, efs by the application stack with the data stack\'s file system; both after the CSI add-ons', () => {
    for (const s of [envs.dev, envs.prod]) {
      const names = (template: any, construct: IConstruct) => JSON.parse(read(s, template.Resources[logicalId(construct)].Properties.Manifest)).map((o: any) => o.metadata.name);
      assert.deepEqual(names(s.templates.charts, s.platform.charts.storageClasses.manifest), ['gp3', 'io2']);
      assert.ok(!JSON.stringify(s.templates.charts).includes(s.platform.data.stackName), 'the charts stack reads no data-stack output');
      const manifest = s.templates.application.Resources[logicalId(s.platform.application.fileStorageClasses.manifest)];
      const objects = JSON.parse(read(s, manifest.Properties.Manifest));
      assert.deepEqual(objects.map((o: any) => o.metadata.name), ['efs']);
      assert.equal(objects[0].parameters.fileSystemId, `<${logicalId(s.platform.data.fileSystem.fileSystem)}>`);
      // The CSI add-ons are in the cluster stack, complete before either stack starts.
      for (const stack of [s.platform.charts, s.platform.application]) assert.ok(stack.dependencies.includes(s.platform.cluster), stack.stackName);
      assert.equal(ofType(s.templates.cluster, 'AWS::EKS::Addon').filter(([, a]) => ['aws-ebs-csi-driver', 'aws-efs-csi-driver'].includes(a.Properties.AddonName)).length, 2);
    }
  });

  it('a class on the file system cannot be applied without the file system\'s id', () => {
    assert.throws(() => storageClassObjects(envs.dev.model.data.storageClasses), /StorageClass efs is provisioned on the data stack's file system: pass its id/);
  });
});

describe('data configuration errors', () => {
  const problems = (patch: (d: any) => void) => {
    const data = environmentData('dev');
    patch(data);
    const result = validateEnvironment(data);
    return result.ok ? [] : result.problems.map((p) => `${p.path}: ${p.message}`);
  };

  it('an instance class outside the allowed lists, naming the list', () => {
    const found = problems((d) => {
      d.data.aurora.instanceClass = 'db.m5.large';
      d.data.redis.nodeType = 'cache.t2.micro';
      d.data.documentdb.instanceClass = 'db.t4g.large';
    });
    assert.equal(found.length, 3);
    assert.match(found[0], /^data\.aurora\.instanceClass: not a Aurora PostgreSQL instance class this platform allows; allowed: db\.t4g\.\{medium\|large\}/);
    assert.match(found[1], /^data\.redis\.nodeType: not a ElastiCache Redis instance class/);
    assert.match(found[2], /^data\.documentdb\.instanceClass: .*db\.t3\.\{medium\}/);
  });

  it('a missing removal policy: the file must say whether data may be destroyed', () => {
    const found = problems((d) => delete d.data.removalPolicy);
    assert.deepEqual(found.map((f) => f.split(':')[0]), ['data.removalPolicy']);
    assert.match(found[0], /must be "retain" .* or "destroy"/);
  });

  it('impossible sizes and retention', () => {
    const found = problems((d) => {
      d.data.aurora.backupRetentionDays = 0;
      d.data.documentdb.backupRetentionDays = 36;
      d.data.redis.nodes = 7;
      d.data.aurora.instances = 0;
    });
    assert.deepEqual(found.map((f) => f.split(':')[0]).sort(), ['data.aurora.backupRetentionDays', 'data.aurora.instances', 'data.documentdb.backupRetentionDays', 'data.redis.nodes']);
    assert.ok(found.some((f) => /Aurora keeps backups for 1 to 35 days/.test(f)));
  });

  it('names too long for ElastiCache, and "--" that database identifiers forbid', () => {
    assert.deepEqual(problems((d) => {
      d.project = 'platform-team-alpha1';
      d.name = 'integration-tests';
    }).map((f) => f.split(':')[0]), ['name'], 'a name too long on its own is one problem, not also the Redis id it makes');
    assert.deepEqual(problems((d) => {
      d.project = 'platform-team-alpha1';
      d.name = 'integration-test';
      d.cluster.access.edit[0].namespaces = [d.name];
    }).map((f) => f.split(':')[0]), ['name']);
    assert.match(problems((d) => (d.project = 'aos-')).join(), /^project: .*not ending with a hyphen/);
    assert.match(problems((d) => (d.project = 'a--b')).join(), /single hyphens/);
  });

  it('the secretsmanager endpoint that DocumentDB rotation needs', () => {
    const found = problems((d) => (d.network.endpoints = ['s3', 'ecr.api', 'ecr.dkr', 'sts']));
    assert.deepEqual(found, ['network.endpoints: add "secretsmanager": the DocumentDB password rotation reaches Secrets Manager through this endpoint']);
  });

  it('the same bucket twice, and bad image names', () => {
    assert.deepEqual(problems((d) => Object.assign(d.data.buckets, { backend: 'shared-bucket-1', infra: 'shared-bucket-1' })), ['data.buckets.infra: the infra bucket must differ from the backend bucket (shared-bucket-1)']);
    const found = problems((d) => (d.registry.images = ['Backend', 'api', 'api']));
    assert.ok(found.some((f) => f.startsWith('registry.images[0]: image names use lowercase')));
    assert.ok(found.some((f) => f === 'registry.images: image names must be unique'));
  });
});
