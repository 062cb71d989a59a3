/**
 * The catalogued Kubernetes minors (EKS availability, support dates, the kubectl layer that
 * matches), the Bottlerocket releases the platform knows, and the data service engines; each with
 * where it was seen released.
 */
import { VERIFIED, type Evidence, type Pin } from '../provenance';

export interface KubernetesMinorInfo {
  readonly minor: string;
  /** The day EKS made the minor available. */
  readonly eksRelease: string;
  /** Last day of EKS standard support; after it EKS bills extended support unless the cluster is upgraded. */
  readonly standardSupportEnds: string;
  /** The npm package with kubectl and helm for this minor (aws-eks-v2 asks for the matching layer). */
  readonly kubectlLayer: Pin & { readonly packageName: string };
  readonly provenance: { readonly verified: string; readonly evidence: readonly Evidence[]; readonly note?: string };
}

const EKS_LIFECYCLE: Evidence = {
  kind: 'aws-doc',
  url: 'https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.md',
  detail: 'a minor is in standard support for 14 months after its EKS release, then in extended support (billed per cluster hour, enabled by default) for 12 more',
};

const npm = (name: string, version: string, detail: string): KubernetesMinorInfo['kubectlLayer'] => ({
  packageName: name,
  version,
  provenance: { verified: VERIFIED, evidence: [{ kind: 'registry', url: `https://registry.npmjs.org/${name}/${version}`, detail }] },
});

export const KUBERNETES_MINORS: readonly KubernetesMinorInfo[] = [
  {
    minor: '1.35',
    eksRelease: '2026-01-28',
    standardSupportEnds: '2027-03-27',
    kubectlLayer: npm('@aws-cdk/lambda-layer-kubectl-v35', '2.2.2', 'layer of kubectl 1.35 and helm 4'),
    provenance: {
      verified: VERIFIED,
      evidence: [EKS_LIFECYCLE, { kind: 'page', url: 'https://endoflife.date/amazon-eks', detail: '1.35 released 28 Jan 2026, end of standard support 27 Mar 2027, end of extended support 27 Mar 2028' }],
    },
  },
  {
    minor: '1.36',
    eksRelease: '2026-06-02',
    standardSupportEnds: '2027-08-02',
    kubectlLayer: npm('@aws-cdk/lambda-layer-kubectl-v36', '2.0.1', 'published 2026-08-12; layer description "/opt/kubectl/kubectl 1.36.3; /opt/helm/helm 4.2.3"; aws-cdk-lib 2.276 has KubernetesVersion.V1_36'),
    provenance: {
      verified: VERIFIED,
      evidence: [EKS_LIFECYCLE],
      note: 'EKS release date as issue 15 states it; no readable page names the end of standard support, so it is the release date plus the 14 months of the EKS policy',
    },
  },
];

/** A Bottlerocket release the platform has seen, with the managed node group release version where known. */
export interface BottlerocketRelease extends Pin {
  /** The `releaseVersion` of an EKS managed node group (`<version>-<commit>`), where a readable source shows it. */
  readonly nodeGroupRelease?: string;
  /** Kubernetes minors whose `aws-k8s-<minor>` variant this release is the first to ship. */
  readonly firstFor?: readonly string[];
}

export const BOTTLEROCKET_RELEASES: readonly BottlerocketRelease[] = [
  {
    version: '1.53.0',
    firstFor: ['1.35'],
    provenance: {
      verified: VERIFIED,
      evidence: [
        { kind: 'maintainer', url: 'https://github.com/bottlerocket-os/bottlerocket/pull/4737', detail: 'v1.53.0 CHANGELOG: add aws-k8s-1.35 variants (#4735)' },
        { kind: 'page', url: 'https://sourceforge.net/projects/bottlerocket-os.mirror/files/v1.53.0', detail: 'release notes mirrored 2026-01-14' },
      ],
      note: 'the mirrored bottlerocket-os/bottlerocket repository stops at v1.26.0 (2024), so releases are traced through their release notes',
    },
  },
  {
    version: '1.61.0',
    firstFor: ['1.36'],
    provenance: {
      verified: VERIFIED,
      evidence: [
        { kind: 'maintainer', url: 'https://github.com/bottlerocket-os/bottlerocket/pull/4841', detail: 'v1.61.0 (2026-05-18) CHANGELOG: add aws-k8s-1.36 variants (#4827)' },
        { kind: 'page', url: 'https://sourceforge.net/projects/bottlerocket-os.mirror/files/v1.61.0/', detail: 'release notes mirrored 2026-05-18' },
      ],
    },
  },
  {
    version: '1.62.1',
    nodeGroupRelease: '1.62.1-ea1afdd6',
    provenance: {
      verified: VERIFIED,
      evidence: [
        { kind: 'maintainer', url: 'https://github.com/bottlerocket-os/bottlerocket/issues/4861', detail: 'v1.62.1 tracking issue: passed validation 2026-06-22, AMIs and SSM parameters published' },
        { kind: 'page', url: 'https://github.com/ministryofjustice/modernisation-platform-environments/pull/17343', detail: 'a managed node group (ami_release_version) moved from 1.62.0-49f1c7d2 to 1.62.1-ea1afdd6 on 2026-06-23' },
      ],
      note: 'EKS rejects a Bottlerocket release version without its commit suffix (cloudposse/terraform-aws-eks-node-group#209); the suffix is taken from a public node group that runs it',
    },
  },
];

/** Data service engines (SPEC section 8): the minor is pinned so a deploy never upgrades a database by surprise. */
export const DATA_ENGINE_PINS = {
  auroraPostgres: {
    version: '17.6',
    provenance: {
      verified: VERIFIED,
      evidence: [{ kind: 'registry', url: 'https://registry.npmjs.org/aws-cdk-lib/2.276.0', detail: 'aws-rds AuroraPostgresEngineVersion.VER_17_6 (17.7 and 17.9 also listed)' }],
      note: 'Aurora PostgreSQL 17 is the newest major with standard support; 17.6 stays pinned until an engine upgrade is planned',
    },
  },
  redis: {
    version: '7.1',
    provenance: {
      verified: VERIFIED,
      evidence: [{ kind: 'aws-doc', url: 'https://docs.aws.amazon.com/AmazonElastiCache/latest/red-ug/supported-engine-versions.html', detail: 'self-designed clusters support Redis OSS 7.1 (enhanced), the newest Redis OSS version' }],
    },
  },
  documentdb: {
    version: '5.0.0',
    provenance: {
      verified: VERIFIED,
      evidence: [{ kind: 'registry', url: 'https://registry.npmjs.org/aws-cdk-lib/2.276.0', detail: 'aws-docdb cluster.d.ts: I/O-optimized storage is supported starting with engine version 5.0.0' }],
    },
  },
} as const satisfies Record<string, Pin>;
