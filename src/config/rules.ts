/**
 * Checks that relate fields to each other. They run on whatever parts of the file are readable,
 * so one broken section does not hide the problems of another.
 */
import { ALLOWED_INSTANCE_TYPES, BOTTLEROCKET_AMI_TYPE, type Architecture } from './instance-types';
import { contains, formatCidr, isRfc1918, overlaps, parseCidr, type Cidr } from './cidr';
import { layoutSubnets } from './subnets';
import { chartProblems } from './chart-rules';
import { dataProblems } from './data-rules';
import { karpenterProblems } from './karpenter-rules';
import { compatibilityProblems } from './compat-rules';
import type { ConfigProblem } from './problem';
import { obj } from './raw';

export type { ConfigProblem } from './problem';

function int(v: unknown): number | undefined {
  return Number.isInteger(v) ? (v as number) : undefined;
}
function cidrOf(v: unknown): Cidr | undefined {
  return typeof v === 'string' ? parseCidr(v) : undefined;
}

function isZoneOf(az: string, region: string): boolean {
  return az.startsWith(region) && /^[a-z]$/.test(az.slice(region.length));
}

const DOCKER_BRIDGE = parseCidr('172.17.0.0/16')!;
const EVERYWHERE = parseCidr('0.0.0.0/0')!;

export function crossFieldProblems(input: unknown): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const add = (path: string, message: string) => problems.push({ path, message });
  const raw = obj(input);
  const network = obj(raw.network);
  const cluster = obj(raw.cluster);
  const nodeGroup = obj(raw.nodeGroup);

  // Availability Zones belong to the region and are distinct.
  if (Array.isArray(raw.availabilityZones) && typeof raw.region === 'string') {
    const seen = new Set<string>();
    raw.availabilityZones.forEach((az, i) => {
      if (typeof az !== 'string' || !isZoneOf(az, raw.region as string)) {
        add(`availabilityZones[${i}]`, `"${az}" is not an Availability Zone of ${raw.region} (expected ${raw.region}a, ${raw.region}b, ...)`);
      } else if (seen.has(az)) {
        add(`availabilityZones[${i}]`, `"${az}" is listed twice; use 3 distinct zones`);
      }
      seen.add(String(az));
    });
  }

  // The VPC: private address space, room for the subnets.
  const vpc = cidrOf(network.vpcCidr);
  if (vpc) {
    if (!isRfc1918(vpc)) add('network.vpcCidr', `${network.vpcCidr} is not private address space; use a block inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16`);
    if (vpc.prefix < 16 || vpc.prefix > 24) add('network.vpcCidr', `a VPC block must be between /16 and /24 (got /${vpc.prefix}); /16 leaves room for pod IPs`);
    const pub = int(network.publicSubnetMask) ?? 24;
    const priv = int(network.privateSubnetMask) ?? 19;
    if (pub < vpc.prefix) add('network.publicSubnetMask', `/${pub} subnets are larger than the /${vpc.prefix} VPC`);
    if (priv < vpc.prefix) add('network.privateSubnetMask', `/${priv} subnets are larger than the /${vpc.prefix} VPC`);
    if (pub >= vpc.prefix && priv >= vpc.prefix) {
      const layout = layoutSubnets(vpc, priv, pub, 3);
      const last = layout[layout.length - 1].public;
      if (!contains(vpc, last)) {
        add('network', `3 private /${priv} and 3 public /${pub} subnets do not fit in ${network.vpcCidr}; use a larger VPC or smaller subnets (larger masks)`);
      }
    }
  }

  // The services CIDR: EKS rules, and no overlap with anything pods or nodes talk to.
  const services = cidrOf(cluster.servicesCidr ?? '172.20.0.0/16');
  if (services) {
    if (!isRfc1918(services)) add('cluster.servicesCidr', `${cluster.servicesCidr} must be inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16 (EKS rule)`);
    if (services.prefix < 12 || services.prefix > 24) add('cluster.servicesCidr', `the services block must be between /12 and /24 (got /${services.prefix}, EKS rule)`);
    if (vpc && overlaps(services, vpc)) add('cluster.servicesCidr', `${formatCidr(services)} overlaps the VPC ${formatCidr(vpc)}; pick a block outside the VPC, e.g. 172.20.0.0/16`);
    if (overlaps(services, DOCKER_BRIDGE)) add('cluster.servicesCidr', `${formatCidr(services)} overlaps 172.17.0.0/16, which EKS reserves; e.g. 172.20.0.0/16`);
  }

  // The public endpoint: off, or on for listed internet addresses only.
  const endpoint = obj(cluster.endpoint);
  const cidrs = Array.isArray(endpoint.publicCidrs) ? endpoint.publicCidrs : [];
  if (endpoint.public === true && cidrs.length === 0) {
    add('cluster.endpoint.publicCidrs', 'a public endpoint needs the CIDRs allowed to reach it (an empty list would open it to the internet)');
  }
  if (endpoint.public !== true && cidrs.length > 0) {
    add('cluster.endpoint.publicCidrs', 'publicCidrs are set but cluster.endpoint.public is false; set public: true or remove the list');
  }
  cidrs.forEach((c, i) => {
    const parsed = cidrOf(c);
    if (!parsed) return;
    if (parsed.prefix === 0 || contains(parsed, EVERYWHERE)) add(`cluster.endpoint.publicCidrs[${i}]`, '0.0.0.0/0 opens the API server to the internet; list your office or VPN egress addresses');
    else if (isRfc1918(parsed)) add(`cluster.endpoint.publicCidrs[${i}]`, `${c} is private address space, which reaches the private endpoint anyway; list public egress addresses`);
  });

  // Access: one level per principal; cluster admin is cluster-wide by definition.
  const access = obj(cluster.access);
  const owner = new Map<string, string>();
  for (const level of ['clusterAdmin', 'admin', 'edit', 'view']) {
    const entries = Array.isArray(access[level]) ? access[level] : [];
    entries.forEach((e, i) => {
      const entry = obj(e);
      const arn = entry.principalArn;
      if (typeof arn !== 'string') return;
      const path = `cluster.access.${level}[${i}]`;
      if (owner.has(arn)) add(`${path}.principalArn`, `${arn} is already granted ${owner.get(arn)}; give each principal one access level`);
      else owner.set(arn, level);
      if (level === 'clusterAdmin' && Array.isArray(entry.namespaces) && entry.namespaces.length > 0) {
        add(`${path}.namespaces`, 'cluster admin access is cluster-wide; use the admin level to scope access to namespaces');
      }
    });
  }

  // The node group: sizes in order, one architecture, AMI type following it.
  const min = int(nodeGroup.minSize);
  const max = int(nodeGroup.maxSize);
  const desired = int(nodeGroup.desiredSize);
  if (min !== undefined && max !== undefined && min > max) add('nodeGroup.minSize', `minSize ${min} is greater than maxSize ${max}`);
  if (desired !== undefined && min !== undefined && desired < min) add('nodeGroup.desiredSize', `desiredSize ${desired} is below minSize ${min}`);
  if (desired !== undefined && max !== undefined && desired > max) add('nodeGroup.desiredSize', `desiredSize ${desired} is above maxSize ${max}`);
  const types = Array.isArray(nodeGroup.instanceTypes) ? nodeGroup.instanceTypes : [];
  const arches = new Set<Architecture>(types.map((t) => ALLOWED_INSTANCE_TYPES.get(String(t))).filter((a): a is Architecture => !!a));
  if (arches.size > 1) {
    add('nodeGroup.instanceTypes', `instance types mix architectures (${[...arches].join(' and ')}); one node group boots one AMI, so use one architecture per group`);
  } else if (arches.size === 1 && typeof nodeGroup.amiType === 'string') {
    const arch = [...arches][0];
    if (nodeGroup.amiType !== BOTTLEROCKET_AMI_TYPE[arch]) {
      add('nodeGroup.amiType', `${nodeGroup.amiType} cannot boot ${arch} instances (${types.join(', ')}); use ${BOTTLEROCKET_AMI_TYPE[arch]} or omit amiType`);
    }
  }

  // kube-proxy must match the control plane's minor version.
  const addons = obj(raw.addons);
  const k8s = cluster.kubernetesVersion;
  if (typeof addons['kube-proxy'] === 'string' && typeof k8s === 'string' && !addons['kube-proxy'].startsWith(`v${k8s}.`)) {
    add('addons.kube-proxy', `kube-proxy ${addons['kube-proxy']} does not match Kubernetes ${k8s}; use a v${k8s}.x-eksbuild.N version`);
  }
  problems.push(...chartProblems(raw), ...dataProblems(raw), ...karpenterProblems(raw), ...compatibilityProblems(raw));
  return problems;
}
