import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadEnvironment, shippedEnvironments, validateEnvironment } from '../src/config/load';
import { ALLOWED_INSTANCE_TYPES } from '../src/config/instance-types';
import { environmentData } from './support/platform';

type Case = { name: string; patch: (d: any) => void; path: string; message: RegExp };

const BAD: Case[] = [
  { name: 'disallowed instance type', patch: (d) => (d.nodeGroup.instanceTypes = ['p3.2xlarge']), path: 'nodeGroup.instanceTypes[0]', message: /not allowed; allowed: t3\/t3a/ },
  { name: 't3 size outside small..2xlarge', patch: (d) => (d.nodeGroup.instanceTypes = ['t3.nano']), path: 'nodeGroup.instanceTypes[0]', message: /not allowed/ },
  { name: 't4g with the x86 AMI', patch: (d) => Object.assign(d.nodeGroup, { instanceTypes: ['t4g.xlarge'], amiType: 'BOTTLEROCKET_x86_64' }), path: 'nodeGroup.amiType', message: /cannot boot arm64 instances.*use BOTTLEROCKET_ARM_64/ },
  { name: 'x86 type with the ARM AMI', patch: (d) => (d.nodeGroup.amiType = 'BOTTLEROCKET_ARM_64'), path: 'nodeGroup.amiType', message: /cannot boot x86_64/ },
  { name: 'mixed architectures in one group', patch: (d) => (d.nodeGroup.instanceTypes = ['t4g.2xlarge', 'm5.large']), path: 'nodeGroup.instanceTypes', message: /mix architectures/ },
  { name: 'min greater than max', patch: (d) => Object.assign(d.nodeGroup, { minSize: 5, maxSize: 3, desiredSize: 4 }), path: 'nodeGroup.minSize', message: /minSize 5 is greater than maxSize 3/ },
  { name: 'desired above max', patch: (d) => (d.nodeGroup.desiredSize = 11), path: 'nodeGroup.desiredSize', message: /above maxSize 10/ },
  { name: 'desired below min', patch: (d) => (d.nodeGroup.desiredSize = 2), path: 'nodeGroup.desiredSize', message: /below minSize 3/ },
  { name: 'zero nodes', patch: (d) => (d.nodeGroup.minSize = 0), path: 'nodeGroup.minSize', message: /at least 1/ },
  { name: 'impossible size', patch: (d) => (d.nodeGroup.maxSize = 1000), path: 'nodeGroup.maxSize', message: /at most 450/ },
  { name: 'malformed VPC CIDR', patch: (d) => (d.network.vpcCidr = '10.0.0/16'), path: 'network.vpcCidr', message: /IPv4 CIDR block/ },
  { name: 'VPC CIDR with host bits', patch: (d) => (d.network.vpcCidr = '10.0.0.1/16'), path: 'network.vpcCidr', message: /no host bits/ },
  { name: 'public VPC CIDR', patch: (d) => (d.network.vpcCidr = '52.0.0.0/16'), path: 'network.vpcCidr', message: /not private address space/ },
  { name: 'subnets do not fit the VPC', patch: (d) => (d.network.vpcCidr = '10.0.0.0/18'), path: 'network', message: /do not fit in 10\.0\.0\.0\/18/ },
  { name: 'subnets larger than the VPC', patch: (d) => (d.network.vpcCidr = '10.0.0.0/20'), path: 'network.privateSubnetMask', message: /larger than the \/20 VPC/ },
  { name: 'services CIDR overlapping the VPC', patch: (d) => (d.cluster.servicesCidr = '10.10.128.0/20'), path: 'cluster.servicesCidr', message: /overlaps the VPC 10\.10\.0\.0\/16/ },
  { name: 'services CIDR on the Docker bridge', patch: (d) => (d.cluster.servicesCidr = '172.17.0.0/16'), path: 'cluster.servicesCidr', message: /172\.17\.0\.0\/16/ },
  { name: 'services CIDR too large', patch: (d) => (d.cluster.servicesCidr = '10.0.0.0/8'), path: 'cluster.servicesCidr', message: /between \/12 and \/24/ },
  { name: 'unknown Kubernetes version', patch: (d) => (d.cluster.kubernetesVersion = '1.29'), path: 'cluster.kubernetesVersion', message: /must be one of 1\.35/ },
  { name: 'bad cluster name', patch: (d) => (d.cluster.name = 'Aos_Dev'), path: 'cluster.name', message: /lowercase letters, digits and hyphens/ },
  { name: 'cluster name too long for IAM role names', patch: (d) => (d.cluster.name = 'a'.repeat(39)), path: 'cluster.name', message: /at most 38 characters/ },
  { name: 'public endpoint without CIDRs', patch: (d) => (d.cluster.endpoint = { public: true }), path: 'cluster.endpoint.publicCidrs', message: /needs the CIDRs/ },
  { name: 'public endpoint open to the internet', patch: (d) => (d.cluster.endpoint = { public: true, publicCidrs: ['0.0.0.0/0'] }), path: 'cluster.endpoint.publicCidrs[0]', message: /opens the API server to the internet/ },
  { name: 'private address as public CIDR', patch: (d) => (d.cluster.endpoint = { public: true, publicCidrs: ['10.1.0.0/16'] }), path: 'cluster.endpoint.publicCidrs[0]', message: /private address space/ },
  { name: 'public CIDRs on a private endpoint', patch: (d) => (d.cluster.endpoint = { public: false, publicCidrs: ['203.0.113.0/24'] }), path: 'cluster.endpoint.publicCidrs', message: /public is false/ },
  { name: 'NAT count not 1 or 3', patch: (d) => (d.network.natGateways = 2), path: 'network.natGateways', message: /1 \(one shared\) or 3/ },
  { name: 'AZ of another region', patch: (d) => (d.availabilityZones[2] = 'us-east-1c'), path: 'availabilityZones[2]', message: /not an Availability Zone of eu-west-1/ },
  { name: 'two AZs only', patch: (d) => d.availabilityZones.pop(), path: 'availabilityZones', message: /exactly 3/ },
  { name: 'malformed add-on version', patch: (d) => (d.addons = { coredns: 'latest' }), path: 'addons.coredns', message: /v1\.22\.1-eksbuild\.2/ },
  { name: 'kube-proxy of another minor', patch: (d) => (d.addons = { 'kube-proxy': 'v1.34.1-eksbuild.1' }), path: 'addons.kube-proxy', message: /does not match Kubernetes 1\.35/ },
  { name: 'unknown add-on', patch: (d) => (d.addons = { istio: 'v1.0.0-eksbuild.1' }), path: 'addons.istio', message: /./ },
  { name: 'IAM user as access principal', patch: (d) => (d.cluster.access.view = [{ principalArn: 'arn:aws:iam::111111111111:user/bob' }]), path: 'cluster.access.view[0].principalArn', message: /must be an IAM role ARN/ },
  { name: 'SSO role ARN with its path', patch: (d) => (d.cluster.access.view = [{ principalArn: 'arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_View_0123' }]), path: 'cluster.access.view[0].principalArn', message: /without their path/ },
  { name: 'principal at two levels', patch: (d) => d.cluster.access.view.push({ principalArn: d.cluster.access.admin[0].principalArn }), path: 'cluster.access.view[1].principalArn', message: /already granted admin/ },
  { name: 'namespaced cluster admin', patch: (d) => (d.cluster.access.clusterAdmin[0].namespaces = ['dev']), path: 'cluster.access.clusterAdmin[0].namespaces', message: /cluster-wide/ },
  { name: 'misspelt field', patch: (d) => (d.nodeGroup.instanceType = 'm5.large'), path: 'nodeGroup.instanceType', message: /unknown field/ },
  { name: 'bad log retention', patch: (d) => (d.cluster.logRetentionDays = 10), path: 'cluster.logRetentionDays', message: /CloudWatch Logs values/ },
  { name: 'bad account id', patch: (d) => (d.account = '1234'), path: 'account', message: /12-digit/ },
  { name: 'IMDS hop limit zero', patch: (d) => (d.nodeGroup.metadataHopLimit = 0), path: 'nodeGroup.metadataHopLimit', message: /./ },
];

function check(patch: (d: any) => void) {
  const data = environmentData('dev');
  patch(data);
  return validateEnvironment(data, 'test');
}

describe('environment validation', () => {
  it('accepts every shipped environment', () => {
    assert.deepEqual(shippedEnvironments(), ['dev', 'prod']);
    for (const env of shippedEnvironments()) {
      const result = loadEnvironment({ env });
      assert.ok(result.ok, `${env}: ${!result.ok && JSON.stringify(result.problems)}`);
    }
  });

  for (const c of BAD) {
    it(`rejects ${c.name} at ${c.path}`, () => {
      const result = check(c.patch);
      assert.equal(result.ok, false);
      if (result.ok) return;
      const hit = result.problems.find((p) => p.path === c.path && c.message.test(p.message));
      assert.ok(hit, `expected a problem at ${c.path} matching ${c.message}, got:\n${result.problems.map((p) => `${p.path}: ${p.message}`).join('\n')}`);
    });
  }

  it('lists every problem at once, across sections', () => {
    const result = check((d) => {
      d.nodeGroup.instanceTypes = ['p3.2xlarge'];
      d.nodeGroup.minSize = 20;
      d.cluster.kubernetesVersion = '1.20';
      d.network.vpcCidr = 'nope';
      d.cluster.endpoint = { public: true };
    });
    assert.equal(result.ok, false);
    if (result.ok) return;
    const paths = result.problems.map((p) => p.path).sort();
    assert.deepEqual(paths, ['cluster.endpoint.publicCidrs', 'cluster.kubernetesVersion', 'network.vpcCidr', 'nodeGroup.desiredSize', 'nodeGroup.instanceTypes[0]', 'nodeGroup.minSize']);
  });

  it('rejects an unknown environment name, listing the known ones', () => {
    const result = loadEnvironment({ env: 'staging' });
    assert.equal(result.ok, false);
    if (!result.ok) assert.match(result.problems[0].message, /unknown environment "staging"; known environments: dev, prod/);
  });

  it('loads an environment file of the user, and reports a missing or malformed one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'env-'));
    const data = environmentData('dev');
    // Another account: the dev mirror's secrets (in dev's account) would be refused, so no mirror.
    Object.assign(data, { name: 'qa', account: '333333333333', imageMirror: { enabled: false } });
    // The application namespace follows the environment's name (a copied "dev" would be refused).
    data.cluster.access.edit[0].namespaces = ['qa'];
    writeFileSync(join(dir, 'qa.json'), JSON.stringify(data));
    const ok = loadEnvironment({ envFile: join(dir, 'qa.json') });
    assert.ok(ok.ok);
    if (ok.ok) assert.equal(ok.model.envName, 'qa');
    const missing = loadEnvironment({ envFile: join(dir, 'missing.json') });
    assert.ok(!missing.ok && /no environment file/.test(missing.problems[0].message));
    writeFileSync(join(dir, 'broken.json'), '{ "name": ');
    const broken = loadEnvironment({ envFile: join(dir, 'broken.json') });
    assert.ok(!broken.ok && /not valid JSON/.test(broken.problems[0].message));
  });
});

describe('resolved model', () => {
  const dev = loadEnvironment({ env: 'dev' });
  const prod = loadEnvironment({ env: 'prod' });
  assert.ok(dev.ok && prod.ok);

  it('carries SPEC sections 3 to 5 for dev and prod', () => {
    assert.deepEqual(dev.model.nodeGroup.instanceTypes, ['t3a.2xlarge']);
    assert.deepEqual(prod.model.nodeGroup.instanceTypes, ['m5.2xlarge']);
    for (const m of [dev.model, prod.model]) {
      assert.equal(m.cluster.kubernetesVersion, '1.35');
      assert.equal(m.cluster.endpoint.mode, 'private');
      assert.equal(m.nodeGroup.amiType, 'BOTTLEROCKET_x86_64');
      assert.deepEqual([m.nodeGroup.minSize, m.nodeGroup.maxSize], [3, 10]);
      assert.equal(m.nodeGroup.dataVolumeGiB, 50);
      assert.equal(m.cluster.logGroupName, `/aws/eks/${m.cluster.name}/cluster`);
    }
    assert.equal(dev.model.network.natGateways, 1);
    assert.equal(prod.model.network.natGateways, 3);
  });

  it('derives the ARM AMI for Graviton types', () => {
    const arm = check((d) => (d.nodeGroup.instanceTypes = ['t4g.2xlarge']));
    assert.ok(arm.ok);
    if (arm.ok) assert.deepEqual([arm.model.nodeGroup.architecture, arm.model.nodeGroup.amiType], ['arm64', 'BOTTLEROCKET_ARM_64']);
  });

  it('plans non-overlapping subnets inside the VPC, private ones large', () => {
    assert.deepEqual(dev.model.network.subnets.map((s) => [s.privateCidr, s.publicCidr]), [
      ['10.10.0.0/19', '10.10.96.0/24'],
      ['10.10.32.0/19', '10.10.97.0/24'],
      ['10.10.64.0/19', '10.10.98.0/24'],
    ]);
  });

  it('places the cluster DNS at the tenth address of the services block', () => {
    assert.equal(dev.model.cluster.clusterDnsIp, '172.20.0.10');
  });

  it('leaves AmazonEKSServicePolicy out unless asked (SPEC correction)', () => {
    assert.deepEqual(dev.model.cluster.rolePolicies, ['AmazonEKSClusterPolicy', 'AmazonEKSVPCResourceController']);
    const legacy = check((d) => (d.cluster.legacyServicePolicy = true));
    assert.ok(legacy.ok && legacy.model.cluster.rolePolicies.includes('AmazonEKSServicePolicy'));
  });

  it('allows exactly the instance types of SPEC section 4', () => {
    const families = new Map<string, string[]>();
    for (const t of ALLOWED_INSTANCE_TYPES.keys()) {
      const [f, size] = t.split('.');
      families.set(f, [...(families.get(f) ?? []), size]);
    }
    assert.deepEqual(families.get('t3'), ['small', 'medium', 'large', 'xlarge', '2xlarge']);
    assert.deepEqual(families.get('t4g'), ['xlarge', '2xlarge']);
    assert.deepEqual(families.get('m6a'), ['xlarge']);
    for (const f of ['m5', 'm5a', 'c5', 'r5']) assert.deepEqual(families.get(f), ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge', '24xlarge']);
    assert.equal(ALLOWED_INSTANCE_TYPES.get('t4g.xlarge'), 'arm64');
    assert.equal(ALLOWED_INSTANCE_TYPES.get('t3a.2xlarge'), 'x86_64');
  });
});
