/**
 * EKS managed add-on builds per Kubernetes minor (SPEC section 5), each with where it was seen.
 * EKS publishes builds (`vX.Y.Z-eksbuild.N`) only through its API and the version tables of the
 * EKS user guide; there is no git tag. A build is catalogued for a minor only when a readable
 * source ties that exact build to that minor (an AWS version table), or when SPEC fixes it for
 * 1.35 and the upstream release it packages is verified at its tag. Otherwise the catalog says
 * `unverified` with the reason, and an environment on that minor must set `addons.<name>` itself
 * (src/config/compat-rules.ts): the platform never guesses a build number.
 */
import { VERIFIED, type Evidence, type Pin } from '../provenance';

export type AddonName = 'vpc-cni' | 'kube-proxy' | 'coredns' | 'aws-ebs-csi-driver' | 'aws-efs-csi-driver' | 'eks-pod-identity-agent';

export const ADDON_NAMES: readonly AddonName[] = ['vpc-cni', 'kube-proxy', 'coredns', 'aws-ebs-csi-driver', 'aws-efs-csi-driver', 'eks-pod-identity-agent'];

/** A build no readable source shows for this minor: the environment must choose it. */
export interface UnverifiedAddon {
  readonly unverified: string;
}

export type AddonPin = Pin | UnverifiedAddon;

export function isVerified(pin: AddonPin): pin is Pin {
  return 'version' in pin;
}

const KUBE_PROXY_TABLE: Evidence = {
  kind: 'aws-doc',
  url: 'https://docs.aws.amazon.com/ja_jp/eks/latest/userguide/managing-kube-proxy.md',
  detail: 'kube-proxy versions table (latest EKS add-on build per Kubernetes version): 1.36 v1.36.0-eksbuild.14, 1.35 v1.35.3-eksbuild.13',
};
const COREDNS_TABLE: Evidence = {
  kind: 'aws-doc',
  url: 'https://docs.aws.amazon.com/ja_jp/eks/latest/userguide/managing-coredns.md',
  detail: 'CoreDNS versions table: 1.36 and 1.35 v1.14.3-eksbuild.3',
};
const SPEC_ADDONS: Evidence = { kind: 'spec', detail: 'section 5, managed add-on table' };
const BUILD_NOTE = 'the upstream release is verified at its tag; the -eksbuild suffix is the one SPEC fixes, which no readable AWS page lists (EKS publishes builds through DescribeAddonVersions only)';

const POD_IDENTITY_UNVERIFIED =
  'the only build a readable source names is v1.3.10-eksbuild.1, set as the default in all regions on 2025-11-24 (AWS maintainer, aws/containers-roadmap#2684), before this minor was released; the upstream repository (aws/eks-pod-identity-agent) tags v0.1.x, not the add-on versions';
const NOT_LISTED_FOR_1_36 = 'no readable AWS version table or release note lists a build of this add-on for Kubernetes 1.36';

export const ADDON_PINS: Readonly<Record<string, Readonly<Record<AddonName, AddonPin>>>> = {
  '1.35': {
    'vpc-cni': {
      version: 'v1.22.1-eksbuild.2',
      provenance: {
        verified: VERIFIED,
        evidence: [SPEC_ADDONS, { kind: 'git-tag', repository: 'aws/amazon-vpc-cni-k8s', tag: 'v1.22.1', path: 'charts/aws-vpc-cni/Chart.yaml', detail: 'appVersion v1.22.1' }],
        note: BUILD_NOTE,
      },
    },
    'kube-proxy': {
      version: 'v1.35.3-eksbuild.13',
      provenance: { verified: VERIFIED, evidence: [KUBE_PROXY_TABLE], note: 'SPEC named v1.35.3-eksbuild.11, which no readable source shows; this is the newest build the AWS table lists' },
    },
    coredns: {
      version: 'v1.14.3-eksbuild.3',
      provenance: { verified: VERIFIED, evidence: [COREDNS_TABLE], note: 'SPEC named v1.14.3-eksbuild.2, which no readable source shows; this is the build the AWS table lists' },
    },
    'aws-ebs-csi-driver': {
      version: 'v1.60.0-eksbuild.1',
      provenance: {
        verified: VERIFIED,
        evidence: [SPEC_ADDONS, { kind: 'git-tag', repository: 'kubernetes-sigs/aws-ebs-csi-driver', tag: 'v1.60.0', path: '.', detail: 'release tag of 2026-05-13' }],
        note: BUILD_NOTE,
      },
    },
    'aws-efs-csi-driver': {
      version: 'v3.2.0-eksbuild.1',
      provenance: {
        verified: VERIFIED,
        evidence: [SPEC_ADDONS, { kind: 'git-tag', repository: 'kubernetes-sigs/aws-efs-csi-driver', tag: 'v3.2.0', path: 'Makefile', detail: 'VERSION=v3.2.0' }],
        note: BUILD_NOTE,
      },
    },
    'eks-pod-identity-agent': { unverified: POD_IDENTITY_UNVERIFIED },
  },
  '1.36': {
    'vpc-cni': { unverified: NOT_LISTED_FOR_1_36 },
    'kube-proxy': { version: 'v1.36.0-eksbuild.14', provenance: { verified: VERIFIED, evidence: [KUBE_PROXY_TABLE] } },
    coredns: { version: 'v1.14.3-eksbuild.3', provenance: { verified: VERIFIED, evidence: [COREDNS_TABLE] } },
    'aws-ebs-csi-driver': { unverified: NOT_LISTED_FOR_1_36 },
    'aws-efs-csi-driver': { unverified: NOT_LISTED_FOR_1_36 },
    'eks-pod-identity-agent': { unverified: POD_IDENTITY_UNVERIFIED },
  },
};
