/**
 * What a stack deletion keeps (issue 19, item 3): every resource that holds data, logs or keys
 * follows the environment's `data.removalPolicy`. The walk covers every resource of every stack:
 * in a `destroy` environment nothing is retained or snapshotted unless listed below with its
 * reason (a retained named log group or alias fails the next deploy with "already exists"); in a
 * `retain` environment everything that holds data, logs or keys is kept or snapshotted, again
 * unless listed.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { synth, type Synthesized } from './support/platform';

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

describe('removal policies: a destroy environment (dev) leaves nothing behind', () => {
  const dev = synth('dev');
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

describe('removal policies: a retain environment (prod) keeps everything that holds data', () => {
  const prod = synth('prod');
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
