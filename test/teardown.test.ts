/**
 * The teardown against mocked AWS SDK clients (aws-sdk-client-mock) and a fake Kubernetes API:
 * step order, refusal under retain, dry run, the bounded wait and its report, partial failures,
 * and the Argo CD step of argocd delivery in the whole run (test/teardown-argocd.test.ts tests it alone).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, it, beforeEach } from 'node:test';
import { DeleteSecurityGroupCommand, DeleteVpcEndpointsCommand, DescribeInstancesCommand, DescribeSecurityGroupsCommand, DescribeVpcEndpointsCommand, DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { DeleteRepositoryCommand, DescribeRepositoriesCommand, ECRClient } from '@aws-sdk/client-ecr';
import { DescribeLoadBalancersCommand, DescribeTagsCommand, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { DeleteObjectsCommand, ListObjectVersionsCommand, S3Client } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { BackupClient, DeleteRecoveryPointCommand, ListRecoveryPointsByBackupVaultCommand } from '@aws-sdk/client-backup';
import { mockClient } from 'aws-sdk-client-mock';
import { loadEnvironment, validateEnvironment } from '../src/config/load';
import { destroyCommand, parseTeardownArgs } from '../src/teardown/args';
import type { ApplicationState, KubernetesApi, ObjectRef, PropagationPolicy } from '../src/teardown/kubernetes';
import { teardownTargets, type TeardownTargets } from '../src/teardown/targets';
import { teardown, type TeardownOptions } from '../src/teardown/teardown';
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import { ImageRepositories } from '../src/registry/image-repositories';
import { argocd } from './support/gitops';
import { environmentData } from './support/platform';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const ROOT = resolve(__dirname, '..');

function targets(env: 'dev' | 'prod'): TeardownTargets {
  const loaded = loadEnvironment({ env });
  if (!loaded.ok) throw new Error(`${env} is invalid`);
  return teardownTargets(loaded.model);
}
const dev = targets('dev');
const LB_ARN = 'arn:aws:elasticloadbalancing:eu-west-1:111111111111:loadbalancer/net/k8s-istiosys-istioing-0123456789/abcdef';

/** Everything the teardown does, in order, across the fake and the mocks. */
let events: string[];

class FakeKubernetes implements KubernetesApi {
  nodePools: ObjectRef[] = [{ name: 'spot' }];
  services: ObjectRef[] = [{ namespace: 'istio-system', name: 'istio-ingressgateway' }];
  ingresses: ObjectRef[] = [{ namespace: 'dev', name: 'echo' }];
  claims: ObjectRef[] = [{ namespace: 'dev', name: 'data-influxdb-0' }];
  failDelete = new Set<string>();
  /** Live Argo CD Applications by name; a deleted one is gone on the next read (its finalizer done). */
  applications = new Map<string, ApplicationState>();
  async getApplication(ref: ObjectRef) {
    events.push(`k8s:get Application ${ref.namespace}/${ref.name}`);
    const app = this.applications.get(ref.name);
    if (app?.deleting) this.applications.delete(ref.name);
    return app;
  }
  async deleteApplication(ref: ObjectRef, propagationPolicy: PropagationPolicy) {
    events.push(`k8s:delete Application ${ref.namespace}/${ref.name} ${propagationPolicy}`);
    const app = this.applications.get(ref.name);
    if (app) this.applications.set(ref.name, { ...app, deleting: true });
  }
  async listNodePools() {
    events.push('k8s:list NodePools');
    return this.nodePools;
  }
  async deleteNodePool(name: string) {
    this.remove('NodePool', name);
  }
  async listLoadBalancerServices() {
    events.push('k8s:list Services');
    return this.services;
  }
  async deleteService(ref: ObjectRef) {
    this.remove('Service', ref.name);
  }
  async listIngresses() {
    events.push('k8s:list Ingresses');
    return this.ingresses;
  }
  async deleteIngress(ref: ObjectRef) {
    this.remove('Ingress', ref.name);
  }
  async listPersistentVolumeClaims() {
    events.push('k8s:list PersistentVolumeClaims');
    return this.claims;
  }
  async deletePersistentVolumeClaim(ref: ObjectRef) {
    this.remove('PersistentVolumeClaim', ref.name);
  }
  private remove(kind: string, name: string) {
    if (this.failDelete.has(name)) throw new Error(`${kind.toLowerCase()}s "${name}" is forbidden: User cannot delete`);
    events.push(`k8s:delete ${kind} ${name}`);
  }
}

const ec2 = mockClient(EC2Client);
const elbv2 = mockClient(ElasticLoadBalancingV2Client);
const ecr = mockClient(ECRClient);
const s3 = mockClient(S3Client);
const sts = mockClient(STSClient);
const backup = mockClient(BackupClient);
let k8s: FakeKubernetes;
let clock: number;
let lines: string[];
let destroyCalls: string[][];

/** The world after the controllers have done their work: instances and the load balancer go after `pollsUntilGone` looks. */
function world(pollsUntilGone: number) {
  let looks = 0;
  ec2.on(DescribeInstancesCommand).callsFake(() => {
    events.push('aws:DescribeInstances');
    looks++;
    return looks <= pollsUntilGone ? { Reservations: [{ Instances: [{ InstanceId: 'i-0abc' }] }] } : { Reservations: [] };
  });
  elbv2.on(DescribeLoadBalancersCommand).callsFake(() => {
    events.push('aws:DescribeLoadBalancers');
    return looks <= pollsUntilGone ? { LoadBalancers: [{ LoadBalancerArn: LB_ARN }, { LoadBalancerArn: 'arn:other' }] } : { LoadBalancers: [] };
  });
  elbv2.on(DescribeTagsCommand).resolves({
    TagDescriptions: [
      { ResourceArn: LB_ARN, Tags: [{ Key: 'elbv2.k8s.aws/cluster', Value: 'aos-dev' }] },
      { ResourceArn: 'arn:other', Tags: [{ Key: 'elbv2.k8s.aws/cluster', Value: 'someone-else' }] },
    ],
  });
}

function clients() {
  return {
    kubernetes: async () => k8s,
    ec2: new EC2Client({ region: 'eu-west-1' }),
    elbv2: new ElasticLoadBalancingV2Client({ region: 'eu-west-1' }),
    ecr: new ECRClient({ region: 'eu-west-1' }),
    s3: new S3Client({ region: 'eu-west-1' }),
    backup: new BackupClient({ region: 'eu-west-1' }),
    sts: new STSClient({ region: 'eu-west-1' }),
    destroy: async (command: readonly string[]) => {
      events.push('destroy');
      destroyCalls.push([...command]);
      return 0;
    },
    sleep: async (ms: number) => {
      clock += ms;
    },
    now: () => clock,
    log: (line: string) => lines.push(line),
  };
}

const options = (confirm: boolean, waitMinutes = 10): TeardownOptions => ({ confirm, waitMinutes, pollSeconds: 15, destroyCommand: (stacks) => destroyCommand({ env: 'dev' }, stacks) });
const MUTATIONS = [DeleteRepositoryCommand, DeleteObjectsCommand] as const;
const POINT = 'arn:aws:backup:eu-west-1:111111111111:recovery-point:0a1b2c3d-4e5f-4a7b-8c9d-0e1f2a3b4c5d';

beforeEach(() => {
  for (const m of [ec2, elbv2, ecr, s3, sts, backup]) m.reset();
  events = [];
  lines = [];
  destroyCalls = [];
  clock = 0;
  k8s = new FakeKubernetes();
  sts.on(GetCallerIdentityCommand).resolves({ Account: '111111111111' });
  ecr.on(DescribeRepositoriesCommand).resolves({ repositories: [{ repositoryName: 'dev/docker-hub/istio/pilot' }, { repositoryName: 'aos/dev/api' }, { repositoryName: 'prod/quay/x' }] });
  ecr.on(DeleteRepositoryCommand).callsFake((input) => {
    events.push(`aws:DeleteRepository ${input.repositoryName}`);
    return {};
  });
  s3.on(ListObjectVersionsCommand).callsFake((input) => ({ Versions: [{ Key: `${input.Bucket}/a`, VersionId: 'v1' }], DeleteMarkers: [{ Key: `${input.Bucket}/b`, VersionId: 'v2' }] }));
  s3.on(DeleteObjectsCommand).callsFake((input) => {
    events.push(`aws:DeleteObjects ${input.Bucket}`);
    // After the delete the bucket lists empty.
    s3.on(ListObjectVersionsCommand, { Bucket: input.Bucket }).resolves({});
    return {};
  });
  // The vault holds one point; once deleted, AWS Backup still lists it on the next look, then not.
  let looksLeft = Number.POSITIVE_INFINITY;
  backup.on(ListRecoveryPointsByBackupVaultCommand).callsFake(() => ({ RecoveryPoints: looksLeft-- > 0 ? [{ RecoveryPointArn: POINT }] : [] }));
  backup.on(DeleteRecoveryPointCommand).callsFake((input) => {
    events.push(`aws:DeleteRecoveryPoint ${input.BackupVaultName}`);
    looksLeft = 1;
    return {};
  });
  world(1);
});

describe('teardown', () => {
  it('refuses an environment that retains its data, before any call', async () => {
    const report = await teardown(targets('prod'), clients(), options(true));
    assert.match(report.refused ?? '', /prod keeps its data \(data\.removalPolicy is "retain"\)/);
    assert.equal(report.exitCode, 1);
    assert.deepEqual(events, []);
    assert.equal(sts.calls().length + ec2.calls().length + elbv2.calls().length + ecr.calls().length + s3.calls().length + backup.calls().length, 0);
  });

  it('refuses credentials of another account', async () => {
    sts.on(GetCallerIdentityCommand).resolves({ Account: '999999999999' });
    const report = await teardown(dev, clients(), options(true));
    assert.match(report.refused ?? '', /credentials are for account 999999999999, but dev deploys to 111111111111/);
    assert.deepEqual(events, []);
  });

  it('dry run: looks, reports what it would remove, and changes nothing', async () => {
    const report = await teardown(dev, clients(), options(false));
    assert.equal(report.exitCode, 0, lines.join('\n'));
    assert.ok(!events.some((e) => e.startsWith('k8s:delete') || e === 'destroy'), events.join('\n'));
    for (const command of MUTATIONS) assert.equal([...ecr.commandCalls(command as any), ...s3.commandCalls(command as any)].length, 0, command.name);
    assert.equal(destroyCalls.length, 0);
    const out = lines.join('\n');
    assert.match(out, /DRY RUN, nothing is changed/);
    assert.match(out, /NodePool spot: would delete/);
    assert.match(out, /Service \(LoadBalancer\) istio-system\/istio-ingressgateway: would delete/);
    assert.match(out, /PersistentVolumeClaim dev\/data-influxdb-0: would delete/);
    assert.match(out, /1 instance\(s\) \(i-0abc\), 1 load balancer\(s\) \(k8s-istiosys-istioing-0123456789\)/);
    assert.match(out, /repository dev\/docker-hub\/istio\/pilot: would delete/);
    assert.doesNotMatch(out, /repository (aos\/api|prod\/quay\/x)/, 'only the mirror prefixes of this environment');
    assert.match(out, /bucket aos-dev-backend-111111111111: 2 version\(s\) and delete marker\(s\), would empty/);
    assert.match(out, /backup vault aos-dev-backup: 1 recovery point\(s\), would delete/);
    assert.equal(backup.commandCalls(DeleteRecoveryPointCommand).length, 0);
    assert.match(out, /would run: npx cdk destroy aos-dev-application aos-dev-charts aos-dev-cluster aos-dev-data --force -c env=dev\n.*\n.*\n   then run: npx cdk destroy aos-dev-network --force -c env=dev/);
  });

  it('confirmed: Kubernetes objects, then the wait, then repositories and buckets, then cdk destroy', async () => {
    const report = await teardown(dev, clients(), options(true));
    assert.equal(report.exitCode, 0, lines.join('\n'));
    assert.equal(report.destroyed, true);
    const first = (prefix: string) => events.findIndex((e) => e.startsWith(prefix));
    const last = (prefix: string) => events.length - 1 - [...events].reverse().findIndex((e) => e.startsWith(prefix));
    assert.deepEqual(
      events.filter((e) => e.startsWith('k8s:delete')),
      ['k8s:delete NodePool spot', 'k8s:delete Service istio-ingressgateway', 'k8s:delete Ingress echo', 'k8s:delete PersistentVolumeClaim data-influxdb-0'],
    );
    assert.ok(last('k8s:delete') < first('aws:DescribeInstances'), 'objects deleted before the wait starts');
    assert.ok(last('aws:DescribeInstances') < first('aws:DeleteRepository'), 'the wait ends before the data goes');
    assert.deepEqual(
      events.filter((e) => e.startsWith('aws:DeleteObjects')),
      ['aws:DeleteObjects aos-dev-backend-111111111111', 'aws:DeleteObjects aos-dev-infra-111111111111', 'aws:DeleteObjects aos-dev-access-logs-111111111111'],
      'the access-log bucket last',
    );
    assert.ok(last('aws:DeleteObjects') < first('aws:DeleteRecoveryPoint'), 'the vault after the buckets');
    assert.equal(events[events.length - 1], 'destroy');
    // The environment's stacks but the network, then the network: the account's delivery and audit stacks stay.
    assert.deepEqual(destroyCalls, [
      ['npx', 'cdk', 'destroy', 'aos-dev-application', 'aos-dev-charts', 'aos-dev-cluster', 'aos-dev-data', '--force', '-c', 'env=dev'],
      ['npx', 'cdk', 'destroy', 'aos-dev-network', '--force', '-c', 'env=dev'],
    ]);
    assert.equal(clock, 30_000, 'one poll interval for the instances and load balancers, one for the recovery point being deleted');
    assert.deepEqual(s3.commandCalls(DeleteObjectsCommand)[0].args[0].input.Delete?.Objects, [
      { Key: 'aos-dev-backend-111111111111/a', VersionId: 'v1' },
      { Key: 'aos-dev-backend-111111111111/b', VersionId: 'v2' },
    ]);
  });

  it('a load balancer that never goes: a bounded wait, a report naming it, and no destroy', async () => {
    world(Number.POSITIVE_INFINITY);
    backup.on(ListRecoveryPointsByBackupVaultCommand).resolves({ RecoveryPoints: [] });
    const report = await teardown(dev, clients(), options(true, 2));
    assert.equal(report.exitCode, 1);
    assert.equal(report.destroyed, false);
    assert.equal(clock, 120_000, 'waited exactly the two minutes it was given');
    assert.equal(ec2.commandCalls(DescribeInstancesCommand).length, 9, 'a look every 15 s, and a last one at the deadline');
    assert.ok(report.problems.some((p) => p.includes(`load balancer ${LB_ARN}: still there after 2 min`)), report.problems.join('\n'));
    assert.ok(report.problems.some((p) => p.includes('instance i-0abc (NodePool node): still there after 2 min')));
    assert.equal(destroyCalls.length, 0);
    assert.match(lines.join('\n'), /not running npx cdk destroy .*: 2 problem\(s\) above would make it fail halfway/);
    assert.match(lines.join('\n'), /Could not remove \(2\):/);
  });

  it('partial failures: the rest still runs, every failure is reported, destroy does not run', async () => {
    k8s.failDelete.add('istio-ingressgateway');
    s3.on(DeleteObjectsCommand, { Bucket: 'aos-dev-infra-111111111111' }).resolves({ Errors: [{ Key: 'locked.bin', VersionId: 'v9', Code: 'AccessDenied' }] });
    ecr.on(DeleteRepositoryCommand).rejects(new Error('User is not authorized to perform: ecr:DeleteRepository'));
    const report = await teardown(dev, clients(), options(true));
    assert.equal(report.exitCode, 1);
    assert.ok(events.includes('k8s:delete Ingress echo'), 'the Ingress after the failed Service');
    assert.ok(events.includes('aws:DeleteObjects aos-dev-access-logs-111111111111'), 'the bucket after the failed one');
    assert.deepEqual(report.problems, [
      'Service (LoadBalancer) istio-system/istio-ingressgateway: could not delete (services "istio-ingressgateway" is forbidden: User cannot delete)',
      'repository dev/docker-hub/istio/pilot: could not delete (User is not authorized to perform: ecr:DeleteRepository)',
      'bucket aos-dev-infra-111111111111: could not empty (S3 refused to delete 1 version(s), e.g. locked.bin (AccessDenied))',
    ]);
    assert.equal(destroyCalls.length, 0);
  });

  it('a recovery point that does not go: a bounded wait, a report naming the vault, and no destroy', async () => {
    backup.on(DeleteRecoveryPointCommand).callsFake(() => {
      events.push('aws:DeleteRecoveryPoint');
      return {};
    });
    const report = await teardown(dev, clients(), options(true, 1));
    assert.equal(report.destroyed, false);
    assert.deepEqual(report.problems, ['backup vault aos-dev-backup: 1 recovery point(s) still there after 1 min (a backup job may be running); run the teardown again']);
    assert.deepEqual(backup.commandCalls(DeleteRecoveryPointCommand).map((c) => c.args[0].input), [{ BackupVaultName: 'aos-dev-backup', RecoveryPointArn: POINT }]);
    assert.equal(destroyCalls.length, 0);
  });

  it('a vault that is already gone is no problem', async () => {
    backup.on(ListRecoveryPointsByBackupVaultCommand).rejects(Object.assign(new Error('Backup vault aos-dev-backup does not exist'), { name: 'ResourceNotFoundException' }));
    const report = await teardown(dev, clients(), options(true));
    assert.equal(report.exitCode, 0, report.problems.join('\n'));
    assert.match(lines.join('\n'), /backup vault aos-dev-backup: already gone/);
  });

  it('an unreachable Kubernetes API is a problem, not a crash; the AWS checks still run', async () => {
    const c = { ...clients(), kubernetes: async () => Promise.reject(new Error('connect ETIMEDOUT 10.10.0.5:443')) };
    const report = await teardown(dev, c, options(true));
    assert.match(report.problems[0], /Kubernetes API of aos-dev: unreachable \(connect ETIMEDOUT 10\.10\.0\.5:443\)/);
    assert.ok(ec2.commandCalls(DescribeInstancesCommand).length > 0);
    assert.equal(destroyCalls.length, 0);
  });

  it('GuardDuty\'s endpoint in the VPC: deleted between the two destroys; while it stays, the network is not destroyed', async () => {
    ec2.on(DescribeVpcsCommand).resolves({ Vpcs: [{ VpcId: 'vpc-0dev' }] });
    ec2.on(DescribeVpcEndpointsCommand).resolves({ VpcEndpoints: [{ VpcEndpointId: 'vpce-0gd', State: 'Available' }] });
    ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [] });
    ec2.on(DeleteVpcEndpointsCommand).callsFake(() => {
      events.push('aws:DeleteVpcEndpoints');
      return {}; // and it never goes
    });
    const report = await teardown(dev, clients(), options(true, 1));
    assert.deepEqual(destroyCalls.map((c) => c[3]), ['aos-dev-application'], 'only the first destroy ran');
    assert.deepEqual(events.slice(-2), ['destroy', 'aws:DeleteVpcEndpoints']);
    assert.equal(report.destroyed, false);
    assert.equal(report.exitCode, 1);
    assert.match(lines.join('\n'), /not running npx cdk destroy aos-dev-network --force -c env=dev: the VPC still holds what GuardDuty made/);
    assert.match(report.problems.join('\n'), /VPC endpoint vpce-0gd \(GuardDuty\): still there after 1 min/);
    assert.equal(ec2.commandCalls(DeleteSecurityGroupCommand).length, 0);
  });

  it('reports a failed cdk destroy', async () => {
    const c = { ...clients(), destroy: async () => 1 };
    const report = await teardown(dev, c, options(true));
    assert.equal(report.destroyed, false);
    assert.match(report.problems.join('\n'), /cdk destroy exited with 1/);
    assert.equal(ec2.commandCalls(DescribeVpcsCommand).length, 0, 'the VPC is not looked at after the first destroy failed');
  });

  it('reports a failed destroy of the network stack after the others went', async () => {
    const commands: string[][] = [];
    const c = { ...clients(), destroy: async (command: readonly string[]) => (commands.push([...command]), command.includes('aos-dev-network') ? 2 : 0) };
    const report = await teardown(dev, c, options(true));
    assert.deepEqual(commands.map((command) => command[3]), ['aos-dev-application', 'aos-dev-network']);
    assert.equal(report.destroyed, false);
    assert.equal(report.exitCode, 1);
    assert.deepEqual(report.problems, ['cdk destroy exited with 2; see its output above, fix the cause and run the teardown again (it is safe to repeat)']);
  });
});

/** dev in argocd delivery (charts.delivery), as an operator's file would set it. */
function argocdTargets(): TeardownTargets {
  const data = environmentData('dev');
  argocd(data);
  const loaded = validateEnvironment(data, 'dev (argocd)');
  if (!loaded.ok) throw new Error(`dev in argocd mode is invalid: ${JSON.stringify(loaded.problems)}`);
  return teardownTargets(loaded.model);
}

describe('teardown by delivery mode', () => {
  it('cloudformation delivery: the same calls and steps as before the Argo CD step existed', async () => {
    assert.deepEqual(dev.argoApplications, []);
    // Recorded from the teardown before argocd delivery was handled (main at ab08e69): a change here is a change of the cloudformation path.
    // Changed on purpose since: two destroys, the network last (vpc-leftovers.ts).
    const before = {
      dryRun: ['k8s:list NodePools', 'k8s:list Services', 'k8s:list Ingresses', 'k8s:list PersistentVolumeClaims', 'aws:DescribeInstances', 'aws:DescribeLoadBalancers'],
      confirmed: [
        'k8s:list NodePools', 'k8s:delete NodePool spot', 'k8s:list Services', 'k8s:delete Service istio-ingressgateway', 'k8s:list Ingresses', 'k8s:delete Ingress echo',
        'k8s:list PersistentVolumeClaims', 'k8s:delete PersistentVolumeClaim data-influxdb-0', 'aws:DescribeInstances', 'aws:DescribeLoadBalancers', 'aws:DescribeInstances',
        'aws:DescribeLoadBalancers', 'aws:DeleteRepository dev/docker-hub/istio/pilot', 'aws:DeleteObjects aos-dev-backend-111111111111',
        'aws:DeleteObjects aos-dev-infra-111111111111', 'aws:DeleteObjects aos-dev-access-logs-111111111111', 'aws:DeleteRecoveryPoint aos-dev-backup', 'destroy', 'destroy',
      ],
    };
    const steps = [
      '1. Kubernetes objects that make AWS resources (their controllers remove what they made)',
      "2. Karpenter's instances and the cluster's load balancers (waiting up to 10 min)",
      '3. Repositories the image mirror created (no stack owns them), versioned buckets and the backup vault',
      '4. Stacks, the network last',
    ];
    for (const confirm of [false, true]) {
      events = [];
      lines = [];
      k8s = new FakeKubernetes();
      k8s.applications.set('istio-ingressgateway', { finalizers: [], deleting: false }); // never looked at in this mode
      world(1);
      const report = await teardown(dev, clients(), options(confirm));
      assert.equal(report.exitCode, 0, lines.join('\n'));
      assert.deepEqual(events, confirm ? before.confirmed : before.dryRun);
      assert.deepEqual(lines.filter((l) => /^\d\. /.test(l)), confirm ? steps : steps.map((l) => l.replace('waiting up to 10 min', 'as they are now')));
      assert.deepEqual(report.removed, [
        'NodePool spot', 'Service (LoadBalancer) istio-system/istio-ingressgateway', 'Ingress dev/echo', 'PersistentVolumeClaim dev/data-influxdb-0',
        'repository dev/docker-hub/istio/pilot', 'bucket aos-dev-backend-111111111111 contents', 'bucket aos-dev-infra-111111111111 contents',
        'bucket aos-dev-access-logs-111111111111 contents', 'backup vault aos-dev-backup recovery points',
      ]);
      assert.doesNotMatch(lines.join('\n'), /Argo CD|Application/);
    }
  });

  it('argocd delivery: the Applications go first, highest wave first, each gone before the next and before any other object', async () => {
    const t = argocdTargets();
    for (const name of ['aos', 'istio-ingressgateway', 'karpenter-node-pools']) k8s.applications.set(name, { finalizers: ['resources-finalizer.argocd.argoproj.io'], deleting: false });
    const report = await teardown(t, clients(), options(true));
    assert.equal(report.exitCode, 0, lines.join('\n'));
    const firstOther = events.indexOf('k8s:list NodePools');
    // Per wave: look, delete with foreground propagation, still there (its finalizer at work), a poll later gone.
    const wave = (name: string) => [`k8s:get Application argocd/${name}`, `k8s:delete Application argocd/${name} Foreground`, `k8s:get Application argocd/${name}`, `k8s:get Application argocd/${name}`];
    assert.deepEqual(events.slice(0, firstOther), [...wave('aos'), ...wave('istio-ingressgateway'), ...wave('karpenter-node-pools')]);
    assert.equal(events[events.length - 1], 'destroy');
    assert.deepEqual(report.removed.slice(0, 3), ['Application argocd/aos', 'Application argocd/istio-ingressgateway', 'Application argocd/karpenter-node-pools']);
    assert.deepEqual(lines.filter((l) => /^\d\. /.test(l)).map((l) => l.split(' ').slice(0, 3).join(' ')), ['1. Argo CD', '2. Kubernetes objects', "3. Karpenter's instances", '4. Repositories the', '5. Stacks, the']);
  });

  it('argocd dry run: lists the Applications in wave order, deletes nothing', async () => {
    const t = argocdTargets();
    k8s.applications.set('istio-ingressgateway', { finalizers: ['resources-finalizer.argocd.argoproj.io'], deleting: false });
    k8s.applications.set('karpenter-node-pools', { finalizers: ['resources-finalizer.argocd.argoproj.io'], deleting: false });
    const report = await teardown(t, clients(), options(false));
    assert.equal(report.exitCode, 0, lines.join('\n'));
    assert.ok(!events.some((e) => e.startsWith('k8s:delete') || e === 'destroy'), events.join('\n'));
    const listed = lines.filter((l) => l.includes('Application argocd/'));
    assert.deepEqual(listed.map((l) => l.trim().split(' (')[0]), ['wave 5: Application argocd/aos', 'wave 3: Application argocd/istio-ingressgateway', 'wave 2: Application argocd/karpenter-node-pools']);
    assert.match(listed[0], /: absent$/);
    assert.match(listed[1], /\(load balancers\): would delete \(cascade, foreground propagation\)$/);
    assert.match(listed[2], /\(Karpenter nodes\): would delete \(cascade, foreground propagation\)$/);
    assert.deepEqual(report.removed.filter((r) => r.startsWith('Application')), ['Application argocd/istio-ingressgateway', 'Application argocd/karpenter-node-pools']);
    assert.match(lines.join('\n'), new RegExp(`Dry run: ${report.removed.length} object\\(s\\) would be removed`));
  });
});

describe('teardown arguments', () => {
  it('needs an environment, and takes the destroy context from it', () => {
    assert.match((parseTeardownArgs([]) as { error: string }).error, /name the environment/);
    assert.match((parseTeardownArgs(['-c', 'env=dev', '--wait-minutes', '0']) as { error: string }).error, /--wait-minutes takes a whole number from 1 to 120/);
    assert.match((parseTeardownArgs(['-c', 'env=dev', '--force']) as { error: string }).error, /unknown argument "--force"/);
    assert.deepEqual(parseTeardownArgs(['-c', 'envFile=./x.json', '--confirm']), { context: { envFile: './x.json' }, confirm: true, waitMinutes: 15, kubeContext: undefined });
    assert.deepEqual(destroyCommand({ envFile: './x.json', identity: 'pod-identity' }, 'aos-staging-*'), ['npx', 'cdk', 'destroy', 'aos-staging-*', '--force', '-c', 'envFile=./x.json', '-c', 'identity=pod-identity']);
  });

  it('npm run teardown refuses prod (retain) without touching AWS', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'bin/teardown.ts', '-c', 'env=prod', '--confirm'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(r.status, 1);
    assert.match(r.stdout, /Refused: prod keeps its data/);
  });
});

describe('repositories for a destroy environment', () => {
  it('CloudFormation empties the application repositories where the data may go, never where it is retained', () => {
    const loaded = loadEnvironment({ env: 'dev' });
    assert.ok(loaded.ok);
    if (!loaded.ok) return;
    for (const [policy, expected] of [[RemovalPolicy.DESTROY, true], [RemovalPolicy.RETAIN, undefined]] as const) {
      const stack = new Stack(new App(), 'Registry');
      new ImageRepositories(stack, 'Registry', { registry: loaded.model.data.registry, key: new kms.Key(stack, 'Key'), removalPolicy: policy });
      const repositories = Object.values(Template.fromStack(stack).findResources('AWS::ECR::Repository'));
      assert.equal(repositories.length, loaded.model.data.registry.repositories.length);
      for (const r of repositories) assert.equal(r.Properties.EmptyOnDelete, expected, String(policy));
    }
  });
});
