/**
 * Issue 18's validation: a field that is wrong on its own is named itself, once; Regions, zones
 * and partitions; Kubernetes labels and AWS tags; NodePools no instance can satisfy; access
 * namespaces; RFC 6598 VPCs; the messages of a first hour (unknown fields, missing sections).
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadEnvironment, validateEnvironment } from '../src/config/load';
import { KNOWN_REGIONS, partitionOf, zonesOf } from '../src/config/regions';
import { environmentData } from './support/platform';

type Patch = (d: any) => void;

function check(patch: Patch, base = 'dev') {
  const data = environmentData(base);
  patch(data);
  return validateEnvironment(data, 'test');
}

function problemsOf(patch: Patch, base = 'dev') {
  const result = check(patch, base);
  return result.ok ? [] : result.problems;
}

const show = (ps: ReadonlyArray<{ path: string; message: string }>) => ps.map((p) => `${p.path}: ${p.message}`).join('\n');

/** One mistake each, in every section: exactly one problem, on the field that holds it. */
const SINGLE_FIELD: Array<{ path: string; patch: Patch; message: RegExp; base?: string }> = [
  // top level
  { path: 'name', patch: (d) => (d.name = 'Dev_1'), message: /lowercase letters/ },
  { path: 'project', patch: (d) => (d.project = 'a'), message: /2-20/ },
  { path: 'account', patch: (d) => (d.account = '12345'), message: /12-digit/ },
  { path: 'region', patch: (d) => (d.region = 'eu-wset-1'), message: /not an AWS Region.*Did you mean "eu-west-1"/ },
  { path: 'region', patch: (d) => (d.region = 'mars-north-1'), message: /not an AWS Region this platform knows/ },
  { path: 'availabilityZones[1]', patch: (d) => (d.availabilityZones[1] = 'eu-west-1d'), message: /not an Availability Zone of eu-west-1; its zones are eu-west-1a, eu-west-1b, eu-west-1c/ },
  { path: 'availabilityZones', patch: (d) => d.availabilityZones.pop(), message: /exactly 3/ },
  { path: 'tags.aws:team', patch: (d) => (d.tags = { 'aws:team': 'x' }), message: /"aws:", which AWS reserves/ },
  { path: 'tags.owner', patch: (d) => (d.tags = { owner: 'x'.repeat(257) }), message: /AWS allows 256/ },
  { path: 'tags.cost#center', patch: (d) => (d.tags = { 'cost#center': 'x' }), message: /characters AWS refuses/ },
  { path: `tags.${'k'.repeat(129)}`, patch: (d) => (d.tags = { ['k'.repeat(129)]: 'x' }), message: /AWS allows 128/ },
  // network
  { path: 'network.vpcCidr', patch: (d) => (d.network.vpcCidr = '52.0.0.0/16'), message: /not private address space/ },
  { path: 'network.vpcCidr', patch: (d) => (d.network.vpcCidr = '172.16.0.0/12'), message: /between \/16 and \/24/ },
  { path: 'network.vpcCidr', patch: (d) => (d.network.vpcCidr = '10.10.0.1/16'), message: /no host bits/ },
  { path: 'network.publicSubnetMask', patch: (d) => (d.network.publicSubnetMask = 30), message: /<=28/ },
  { path: 'network.privateSubnetMask', patch: (d) => (d.network.privateSubnetMask = 8), message: />=16/ },
  { path: 'network.natGateways', patch: (d) => (d.network.natGateways = 2), message: /1 \(one shared\) or 3/ },
  { path: 'network.flowLogs.retentionDays', patch: (d) => (d.network.flowLogs.retentionDays = -1), message: /CloudWatch Logs values/ },
  { path: 'network.endpoints[0]', patch: (d) => (d.network.endpoints = ['s4', 'secretsmanager']), message: /./ },
  // cluster
  { path: 'cluster.name', patch: (d) => (d.cluster.name = 'a'.repeat(39)), message: /at most 38/ },
  { path: 'cluster.kubernetesVersion', patch: (d) => (d.cluster.kubernetesVersion = '1.20'), message: /must be one of/ },
  { path: 'cluster.servicesCidr', patch: (d) => (d.cluster.servicesCidr = '172.17.0.0/16'), message: /172\.17\.0\.0\/16/ },
  { path: 'cluster.servicesCidr', patch: (d) => (d.cluster.servicesCidr = '100.64.0.0/16'), message: /EKS rule/ },
  { path: 'cluster.servicesCidr', patch: (d) => (d.cluster.servicesCidr = '10.0.0.0/8'), message: /between \/12 and \/24/ },
  { path: 'cluster.endpoint.publicCidrs[0]', patch: (d) => (d.cluster.endpoint = { public: true, publicCidrs: ['0.0.0.0/0'] }), message: /opens the API server/ },
  { path: 'cluster.endpoint.publicCidrs[0]', patch: (d) => (d.cluster.endpoint = { public: true, publicCidrs: ['100.64.1.0/24'] }), message: /private address space/ },
  { path: 'cluster.endpoint.publicCidrs[0]', patch: (d) => (d.cluster.endpoint = { public: true, publicCidrs: ['203.0.113.0/33'] }), message: /IPv4 CIDR/ },
  { path: 'cluster.logRetentionDays', patch: (d) => (d.cluster.logRetentionDays = 10), message: /CloudWatch Logs values/ },
  { path: 'cluster.access.view[0].principalArn', patch: (d) => (d.cluster.access.view[0].principalArn = 'arn:aws:iam::111111111111:user/bob'), message: /IAM role ARN/ },
  { path: 'cluster.access.edit[0].namespaces[0]', patch: (d) => (d.cluster.access.edit[0].namespaces = ['Dev']), message: /DNS label/ },
  { path: 'cluster.externalNamespaces[0]', patch: (d) => (d.cluster.externalNamespaces = ['team_a']), message: /DNS label/ },
  // node group: a wrong number is reported on itself, never as min/desired/max comparisons
  { path: 'nodeGroup.maxSize', patch: (d) => (d.nodeGroup.maxSize = -1), message: /at least 1/ },
  { path: 'nodeGroup.maxSize', patch: (d) => (d.nodeGroup.maxSize = 1000), message: /at most 450/ },
  { path: 'nodeGroup.maxSize', patch: (d) => (d.nodeGroup.maxSize = 7.5), message: /integer|int/ },
  { path: 'nodeGroup.minSize', patch: (d) => (d.nodeGroup.minSize = 0), message: /at least 1/ },
  { path: 'nodeGroup.minSize', patch: (d) => (d.nodeGroup.minSize = 'three'), message: /number/ },
  { path: 'nodeGroup.desiredSize', patch: (d) => (d.nodeGroup.desiredSize = 0), message: /at least 1/ },
  { path: 'nodeGroup.desiredSize', patch: (d) => (d.nodeGroup.desiredSize = 500), message: /at most 450/ },
  { path: 'nodeGroup.instanceTypes[0]', patch: (d) => (d.nodeGroup.instanceTypes = ['p3.2xlarge']), message: /not allowed/ },
  { path: 'nodeGroup.amiType', patch: (d) => (d.nodeGroup.amiType = 'AL2_x86_64'), message: /./ },
  { path: 'nodeGroup.dataVolumeGiB', patch: (d) => (d.nodeGroup.dataVolumeGiB = 10), message: />=20/ },
  { path: 'nodeGroup.osVolumeGiB', patch: (d) => (d.nodeGroup.osVolumeGiB = 100), message: /<=64/ },
  { path: 'nodeGroup.metadataHopLimit', patch: (d) => (d.nodeGroup.metadataHopLimit = 0), message: />=1/ },
  { path: 'nodeGroup.labels.team', patch: (d) => (d.nodeGroup.labels = { team: '' }), message: /EKS refuses empty/ },
  { path: 'nodeGroup.labels.Team Name', patch: (d) => (d.nodeGroup.labels = { 'Team Name': 'a' }), message: /the name "Team Name"/ },
  { path: 'nodeGroup.labels.node-role.kubernetes.io/worker', patch: (d) => (d.nodeGroup.labels = { 'node-role.kubernetes.io/worker': 'true' }), message: /kubelet may not set/ },
  // karpenter
  { path: 'karpenter.amiVersion', patch: (d) => (d.karpenter.amiVersion = '1.61'), message: /Bottlerocket release/ },
  { path: 'karpenter.nodeClass.dataVolumeGiB', patch: (d) => (d.karpenter.nodeClass = { dataVolumeGiB: 5 }), message: />=20/ },
  { path: 'karpenter.nodePools[0].minGeneration', patch: (d) => (d.karpenter.nodePools[0].minGeneration = 1), message: />=2/ },
  { path: 'karpenter.nodePools[0].architecture', patch: (d) => (d.karpenter.nodePools[0].architecture = 'amd64'), message: /./ },
  { path: 'karpenter.nodePools[0].instanceCategories[0]', patch: (d) => (d.karpenter.nodePools[0].instanceCategories = ['x']), message: /instance categories/ },
  { path: 'karpenter.nodePools[0].limits.cpu', patch: (d) => (d.karpenter.nodePools[0].limits.cpu = 0), message: />=1/ },
  { path: 'karpenter.nodePools[0].weight', patch: (d) => (d.karpenter.nodePools[0].weight = 101), message: /<=100/ },
  { path: 'karpenter.nodePools[0].labels.example.com/tier', patch: (d) => (d.karpenter.nodePools[0].labels = { 'example.com/tier': '-front' }), message: /starting and ending with a letter or digit/ },
  { path: `karpenter.nodePools[0].labels.${'x'.repeat(254)}/tier`, patch: (d) => (d.karpenter.nodePools[0].labels = { [`${'x'.repeat(254)}/tier`]: 'a' }), message: /at most 253/ },
  { path: 'karpenter.nodePools[0].taints[0].key', patch: (d) => (d.karpenter.nodePools[0].taints[0].key = `example.com/${'t'.repeat(64)}`), message: /Kubernetes allows 63/ },
  { path: 'karpenter.nodePools[0].taints[0].value', patch: (d) => (d.karpenter.nodePools[0].taints[0].value = 'spot!'), message: /letters, digits/ },
  { path: 'karpenter.nodePools[0].taints[0].effect', patch: (d) => (d.karpenter.nodePools[0].taints[0].effect = 'NoSchedul'), message: /NoSchedule, PreferNoSchedule or NoExecute/ },
  // identity, data, registry, charts, image mirror, add-ons
  { path: 'identity.mode', patch: (d) => (d.identity.mode = 'kiam'), message: /irsa or pod-identity/ },
  { path: 'identity.route53ZoneId', patch: (d) => (d.identity.route53ZoneId = 'zone-1'), message: /hosted zone id/ },
  { path: 'data.removalPolicy', patch: (d) => (d.data.removalPolicy = 'keep'), message: /retain/ },
  { path: 'data.aurora.instances', patch: (d) => (d.data.aurora.instances = 17), message: /<=16/ },
  { path: 'data.aurora.backupRetentionDays', patch: (d) => (d.data.aurora.backupRetentionDays = 0), message: /1 to 35/ },
  { path: 'data.redis.nodes', patch: (d) => (d.data.redis.nodes = 0), message: />=1/ },
  { path: 'data.redis.snapshotRetentionDays', patch: (d) => (d.data.redis.snapshotRetentionDays = 36), message: /<=35/ },
  { path: 'data.documentdb.instanceClass', patch: (d) => (d.data.documentdb.instanceClass = 'db.t2.micro'), message: /not a DocumentDB instance class/ },
  { path: 'data.buckets.backend', patch: (d) => (d.data.buckets.backend = 'My_Bucket'), message: /bucket names/ },
  { path: 'data.buckets.noncurrentVersionDays', patch: (d) => (d.data.buckets.noncurrentVersionDays = 0), message: />=1/ },
  { path: 'registry.images[0]', patch: (d) => (d.registry.images[0] = 'API'), message: /lowercase/ },
  { path: 'registry.keepTaggedImages', patch: (d) => (d.registry.keepTaggedImages = 0), message: />=1/ },
  { path: 'registry.untaggedExpireDays', patch: (d) => (d.registry.untaggedExpireDays = 1000), message: /<=365/ },
  { path: 'charts.reloader.enabled', patch: (d) => (d.charts.reloader = { enabled: 'yes' }), message: /boolean/ },
  { path: 'imageMirror.credentials.dockerHub', patch: (d) => (d.imageMirror.credentials.dockerHub = 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:docker-hub'), message: /ecr-pullthroughcache\// },
  { path: 'addons.coredns', patch: (d) => (d.addons = { coredns: 'latest' }), message: /eksbuild/ },
];

describe('single-field impossibilities: each reported once, on its own field', () => {
  for (const c of SINGLE_FIELD) {
    it(`${c.path}`, () => {
      const problems = problemsOf(c.patch, c.base);
      assert.equal(problems.length, 1, `expected exactly one problem at ${c.path}, got:\n${show(problems)}`);
      assert.equal(problems[0].path, c.path, show(problems));
      assert.match(problems[0].message, c.message);
    });
  }

  it('names a field wrong on its own even when it would also break a comparison (negative maxSize is not a minSize error)', () => {
    const problems = problemsOf((d) => Object.assign(d.nodeGroup, { maxSize: -3, desiredSize: 3, minSize: 3 }));
    assert.deepEqual(problems.map((p) => p.path), ['nodeGroup.maxSize']);
  });
});

describe('Regions, zones and partitions', () => {
  it('knows three partitions, every Region with at least three zones', () => {
    assert.deepEqual([...new Set(KNOWN_REGIONS.map((r) => partitionOf(r)))], ['aws', 'aws-cn', 'aws-us-gov']);
    for (const r of KNOWN_REGIONS) assert.ok(zonesOf(r).length >= 3, r);
    assert.deepEqual(zonesOf('ca-central-1'), ['ca-central-1a', 'ca-central-1b', 'ca-central-1d']);
  });

  it('reports a misspelt Region on region alone, with the closest names, and keeps zones and ARNs silent', () => {
    const problems = problemsOf((d) => (d.region = 'eu-west1'));
    assert.deepEqual(problems.map((p) => p.path), ['region'], show(problems));
    assert.match(problems[0].message, /Did you mean "eu-west-1", "eu-west-2" or "eu-west-3"\?/);
  });

  it('refuses a zone letter the Region lacks and a zone listed twice', () => {
    const otherRegion = problemsOf((d) => (d.availabilityZones = ['ca-central-1a', 'ca-central-1b', 'ca-central-1c']));
    assert.deepEqual(otherRegion.map((p) => p.path), ['availabilityZones[0]', 'availabilityZones[1]', 'availabilityZones[2]']);
    const inCanada = problemsOf((d) => {
      d.region = 'ca-central-1';
      d.availabilityZones = ['ca-central-1a', 'ca-central-1b', 'ca-central-1c'];
      d.imageMirror = { enabled: false };
    });
    assert.deepEqual(inCanada.map((p) => p.path), ['availabilityZones[2]'], show(inCanada));
    assert.match(inCanada[0].message, /its zones are ca-central-1a, ca-central-1b, ca-central-1d/);
    const twice = problemsOf((d) => (d.availabilityZones = ['eu-west-1a', 'eu-west-1b', 'eu-west-1a']));
    assert.deepEqual(twice.map((p) => [p.path, /listed twice/.test(p.message)]), [['availabilityZones[2]', true]]);
  });

  const partitions: Array<{ region: string; partition: string; zones: string[] }> = [
    { region: 'cn-north-1', partition: 'aws-cn', zones: ['cn-north-1a', 'cn-north-1b', 'cn-north-1d'] },
    { region: 'us-gov-west-1', partition: 'aws-us-gov', zones: ['us-gov-west-1a', 'us-gov-west-1b', 'us-gov-west-1c'] },
  ];
  for (const p of partitions) {
    it(`accepts ${p.region} with ${p.partition} ARNs, and builds every role ARN in ${p.partition}`, () => {
      const move = (d: any) => {
        d.region = p.region;
        d.availabilityZones = p.zones;
        for (const level of Object.keys(d.cluster.access)) for (const e of d.cluster.access[level]) e.principalArn = e.principalArn.replace('arn:aws:', `arn:${p.partition}:`);
        for (const [k, v] of Object.entries<string>(d.imageMirror.credentials)) d.imageMirror.credentials[k] = v.replace('arn:aws:', `arn:${p.partition}:`).replace('eu-west-1', p.region);
      };
      const result = check(move);
      assert.ok(result.ok, result.ok ? '' : show(result.problems));
      assert.equal(result.model.identity.scope.partition, p.partition);
      const arns = JSON.stringify(result.model.identity.roles.flatMap((r) => r.statements.flatMap((s) => s.resources ?? [])));
      assert.match(arns, new RegExp(`arn:${p.partition}:`));
      assert.doesNotMatch(arns, /arn:aws:/);

      // The dev file's aws ARNs, copied unchanged: one problem on each ARN, nothing else.
      const copied = problemsOf((d) => {
        d.region = p.region;
        d.availabilityZones = p.zones;
      });
      assert.deepEqual([...new Set(copied.map((c) => c.message.replace(/^.*(partition aws, but).*$/, '$1')))], ['partition aws, but'], show(copied));
      assert.equal(copied.length, 6);
    });
  }
});

describe('labels, tags, NodePools and access namespaces', () => {
  it('accepts Kubernetes label keys at their limits', () => {
    const prefix = `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`; // 253 characters
    const ok = check((d) => (d.karpenter.nodePools[0].labels = { [`${prefix}/${'n'.repeat(63)}`]: 'v'.repeat(63), plain: '' }));
    assert.ok(ok.ok, ok.ok ? '' : show(ok.problems));
  });

  it('limits the number of tags to what AWS leaves after the platform\'s own', () => {
    const problems = problemsOf((d) => (d.tags = Object.fromEntries(Array.from({ length: 41 }, (_, i) => [`t${i}`, 'x']))));
    assert.deepEqual(problems.map((p) => p.path), ['tags'], show(problems));
  });

  const pools: Array<{ name: string; patch: Patch; path: string; message: RegExp }> = [
    { name: 'a category with no instance of that generation', patch: (d) => Object.assign(d.karpenter.nodePools[0], { instanceCategories: ['t'], minGeneration: 8 }), path: 'karpenter.nodePools[0]', message: /NodePool "spot" can never launch a node: no instance family satisfies instanceCategories \["t"\], minGeneration 8 together.*Loosen instanceCategories or minGeneration/ },
    { name: 'burstable sizes that do not exist', patch: (d) => Object.assign(d.karpenter.nodePools[0], { instanceCategories: ['t'], minGeneration: undefined, instanceSizes: ['4xlarge', '8xlarge'] }), path: 'karpenter.nodePools[0]', message: /instanceSizes \["4xlarge","8xlarge"\]/ },
    { name: 'a generation newer than any known family', patch: (d) => (d.karpenter.nodePools[0].minGeneration = 8.5), path: 'karpenter.nodePools[0].minGeneration', message: /integer|int/ },
    { name: 'Graviton only in an x86 pool', patch: (d) => Object.assign(d.karpenter.nodePools[0], { instanceFamilies: ['c7g'], minGeneration: undefined }), path: 'karpenter.nodePools[0].instanceFamilies[0]', message: /c7g is arm64 \(Graviton\)/ },
    { name: 'a family outside the categories', patch: (d) => Object.assign(d.karpenter.nodePools[0], { instanceFamilies: ['t3'], minGeneration: undefined }), path: 'karpenter.nodePools[0].instanceFamilies[0]', message: /category t, which instanceCategories \(c, m, r\) excludes/ },
    { name: 'a family older than minGeneration', patch: (d) => Object.assign(d.karpenter.nodePools[0], { instanceFamilies: ['m5', 'm6a'] }), path: 'karpenter.nodePools[0].instanceFamilies[0]', message: /m5 is generation 5, older than minGeneration 6/ },
    { name: 'arm64 burstable instances of generation 5 or later', patch: (d) => Object.assign(d.karpenter.nodePools[0], { architecture: 'arm64', instanceCategories: ['t'], minGeneration: 5 }), path: 'karpenter.nodePools[0]', message: /instanceCategories \["t"\], minGeneration 5 together/ },
    { name: 'sizes only burstable instances have, in a c/m/r pool', patch: (d) => (d.karpenter.nodePools[0].instanceSizes = ['micro', 'small']), path: 'karpenter.nodePools[0].instanceSizes', message: /Loosen instanceSizes$/ },
  ];
  for (const c of pools) {
    it(`rejects a NodePool with ${c.name}, once, naming the pool and the fields`, () => {
      const problems = problemsOf(c.patch);
      assert.equal(problems.length, 1, show(problems));
      assert.equal(problems[0].path, c.path, show(problems));
      assert.match(problems[0].message, c.message);
    });
  }

  it('rejects an access namespace the platform never creates, suggests the close one, and accepts a declared external one', () => {
    const copied = problemsOf((d) => (d.cluster.access.edit[0].namespaces = ['dve']));
    assert.deepEqual(copied.map((p) => p.path), ['cluster.access.edit[0].namespaces[0]'], show(copied));
    assert.match(copied[0].message, /namespace "dve" is not created by this environment \(the application's is "dev".*Did you mean "dev"\?.*cluster\.externalNamespaces/);
    assert.ok(check((d) => (d.cluster.access.edit[0].namespaces = ['monitoring', 'kube-system', 'echo'])).ok, 'chart and Kubernetes namespaces');
    assert.ok(check((d) => Object.assign(d.cluster, { externalNamespaces: ['team-a'] }) && (d.cluster.access.view[0].namespaces = ['team-a'])).ok);
    const disabled = problemsOf((d) => {
      d.charts['echo-server'] = { enabled: false };
      d.cluster.access.view[0].namespaces = ['echo'];
    });
    assert.deepEqual(disabled.map((p) => p.path), ['cluster.access.view[0].namespaces[0]'], 'a disabled chart creates no namespace');
    const redundant = problemsOf((d) => (d.cluster.externalNamespaces = ['monitoring']));
    assert.deepEqual(redundant.map((p) => p.path), ['cluster.externalNamespaces[0]']);
  });
});

describe('accepted by AWS, accepted here', () => {
  it('accepts a VPC in 100.64.0.0/10 (RFC 6598) with the subnet and services checks of RFC 1918 blocks', () => {
    const ok = check((d) => (d.network.vpcCidr = '100.64.0.0/16'));
    assert.ok(ok.ok, ok.ok ? '' : show(ok.problems));
    assert.deepEqual(ok.model.network.subnets.map((s) => s.privateCidr), ['100.64.0.0/19', '100.64.32.0/19', '100.64.64.0/19']);
    assert.deepEqual(problemsOf((d) => (d.network.vpcCidr = '100.64.0.0/20')).map((p) => p.path), ['network.privateSubnetMask']);
    assert.deepEqual(problemsOf((d) => (d.network.vpcCidr = '100.127.0.0/16') || (d.cluster.servicesCidr = '172.20.0.0/16')).length, 0);
    assert.deepEqual(problemsOf((d) => (d.network.vpcCidr = '100.128.0.0/16')).map((p) => p.path), ['network.vpcCidr'], 'outside 100.64.0.0/10');
  });
});

describe('messages of a first hour', () => {
  it('suggests the known field for a misspelt one', () => {
    const problems = problemsOf((d) => (d.cluster.kubernetesVerison = '1.35'));
    const typo = problems.find((p) => p.path === 'cluster.kubernetesVerison');
    assert.ok(typo, show(problems));
    assert.match(typo.message, /unknown field\. Did you mean "kubernetesVersion"\?/);
    assert.match(problemsOf((d) => (d.zzz = 1))[0].message, /unknown field\. Known fields here: \$schema, name, project/);
  });

  it('says which required section is missing and what it holds', () => {
    const problems = problemsOf((d) => delete d.nodeGroup);
    assert.deepEqual(problems.map((p) => p.path), ['nodeGroup'], show(problems));
    assert.match(problems[0].message, /required section "nodeGroup" is missing: The Bottlerocket managed node group \(SPEC section 4\); it holds instanceTypes, amiType/);
  });

  it('explains a directory given as envFile instead of EISDIR', () => {
    const dir = mkdtempSync(join(tmpdir(), 'envdir-'));
    const result = loadEnvironment({ envFile: dir });
    assert.ok(!result.ok);
    if (!result.ok) assert.match(result.problems[0].message, /is a directory; give the path of the environment's JSON file/);
  });
});
