/**
 * Checks that relate fields to each other. They run on whatever parts of the file are readable,
 * so one broken section does not hide the problems of another, and only on fields that passed
 * their own checks (load.ts replaces the others by INVALID), so one mistake is one problem, on
 * the field that holds it. Checks of a single field live in the schema.
 */
import { ALLOWED_INSTANCE_TYPES, BOTTLEROCKET_AMI_TYPE, type Architecture } from './instance-types';
import { contains, formatCidr, overlaps, parseCidr, type Cidr } from './cidr';
import { layoutSubnets } from './subnets';
import { chartProblems } from './chart-rules';
import { dataProblems } from './data-rules';
import { karpenterProblems } from './karpenter-rules';
import { clientVpnProblems } from '../network/client-vpn-rules';
import { isInvalid, obj, orDefault } from './raw';
import { regionProblems } from './region-rules';
import { accessProblems } from './access-rules';
import type { ConfigProblem } from './problem';
import { applicationProblems } from '../application/rules';
import { compatibilityProblems } from './compat-rules';
import { backupProblems } from '../data/backup-rules';
import { auditProblems } from '../audit/rules';
import { chartDeliveryProblems } from '../gitops/rules';

export type { ConfigProblem } from './problem';

function int(v: unknown): number | undefined {
  return Number.isInteger(v) ? (v as number) : undefined;
}
function cidrOf(v: unknown): Cidr | undefined {
  return typeof v === 'string' ? parseCidr(v) : undefined;
}

export function crossFieldProblems(input: unknown): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const add = (path: string, message: string) => problems.push({ path, message });
  const raw = obj(input);
  const network = obj(raw.network);
  const cluster = obj(raw.cluster);
  const nodeGroup = obj(raw.nodeGroup);

  // The VPC: room for the subnets (its address space and size are checked in the schema).
  const vpc = cidrOf(network.vpcCidr);
  const pub = int(orDefault(network.publicSubnetMask, 24));
  const priv = int(orDefault(network.privateSubnetMask, 19));
  if (vpc && pub !== undefined && priv !== undefined) {
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

  // The services CIDR: no overlap with the VPC (its own EKS rules are checked in the schema).
  const services = cidrOf(orDefault(cluster.servicesCidr, '172.20.0.0/16'));
  if (services && vpc && overlaps(services, vpc)) {
    add('cluster.servicesCidr', `${formatCidr(services)} overlaps the VPC ${formatCidr(vpc)}; pick a block outside the VPC, e.g. 172.20.0.0/16`);
  }
  problems.push(...clientVpnProblems(raw));

  // The public endpoint: off, or on for listed internet addresses only.
  const endpoint = obj(cluster.endpoint);
  const cidrs = Array.isArray(endpoint.publicCidrs) ? endpoint.publicCidrs : [];
  if (isInvalid(endpoint.public) || isInvalid(endpoint.publicCidrs)) {
    // reported on the field itself
  } else if (endpoint.public === true && cidrs.length === 0) {
    add('cluster.endpoint.publicCidrs', 'a public endpoint needs the CIDRs allowed to reach it (an empty list would open it to the internet)');
  } else if (endpoint.public !== true && cidrs.length > 0) {
    add('cluster.endpoint.publicCidrs', 'publicCidrs are set but cluster.endpoint.public is false; set public: true or remove the list');
  }

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
  problems.push(...regionProblems(raw), ...accessProblems(raw), ...chartProblems(raw), ...dataProblems(raw), ...karpenterProblems(raw), ...compatibilityProblems(raw));
  problems.push(...applicationProblems(raw));
  problems.push(...backupProblems(raw), ...auditProblems(raw));
  problems.push(...chartDeliveryProblems(raw));
  return problems;
}
