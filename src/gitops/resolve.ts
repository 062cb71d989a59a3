/**
 * How an environment delivers its chart catalog, resolved: the mode, and in `argocd` mode the
 * capability's names and settings. Names are derived here once; constructs, summary and docs read them.
 */
import type { ChartsConfig, ChartDeliveryMode } from './schema';

/** The namespace the capability watches for Applications (configured, never defaulted by EKS). */
export const ARGOCD_NAMESPACE = 'argocd';
/** The AppProject that holds the platform's Applications and restricts them to this cluster and these sources. */
export const PLATFORM_PROJECT = 'platform';
/** This repository's chart that renders the catalog's plain Kubernetes objects for Argo CD. */
export const PLATFORM_OBJECTS_CHART = 'charts/platform-objects';
/** This repository's application chart (the application layer). */
export const APPLICATION_CHART = 'charts/application';

export interface ArgoCdModel {
  /** AWS::EKS::Capability CapabilityName. */
  readonly capabilityName: string;
  /** The capability's IAM role (trusted by capabilities.eks.amazonaws.com only). */
  readonly roleName: string;
  readonly namespace: string;
  readonly project: string;
  readonly identityCenter: { readonly instanceArn: string; readonly region: string };
  readonly roleMappings: ReadonlyArray<{ readonly role: string; readonly identities: ReadonlyArray<{ readonly type: string; readonly id: string }> }>;
  /** This repository as Argo CD reads it, when the file names it (or its delivery section does). */
  readonly repository?: { readonly url: string; readonly revision: string };
}

export type ChartDeliveryModel =
  | { readonly mode: 'cloudformation' }
  | { readonly mode: 'argocd'; readonly argocd: ArgoCdModel };

export interface ChartDeliveryEnvironment {
  readonly region: string;
  readonly clusterName: string;
  /** `delivery.github`, whose repository is the default source of this repository's charts. */
  readonly github?: { readonly owner: string; readonly repository: string };
}

/** The git URL of a GitHub repository. */
export function githubUrl(github: { readonly owner: string; readonly repository: string }): string {
  return `https://github.com/${github.owner}/${github.repository}.git`;
}

export function resolveChartDelivery(charts: ChartsConfig, env: ChartDeliveryEnvironment): ChartDeliveryModel {
  const mode: ChartDeliveryMode = charts.delivery;
  const argocd = charts.argocd;
  // The rules reject argocd mode without its section; this only narrows the type.
  if (mode === 'cloudformation' || !argocd) return { mode: 'cloudformation' };
  const url = argocd.repository.url ?? (env.github ? githubUrl(env.github) : undefined);
  return {
    mode,
    argocd: {
      capabilityName: `${env.clusterName}-argocd`,
      roleName: `${env.clusterName}-argocd-capability`,
      namespace: ARGOCD_NAMESPACE,
      project: PLATFORM_PROJECT,
      identityCenter: { instanceArn: argocd.identityCenter.instanceArn, region: argocd.identityCenter.region ?? env.region },
      roleMappings: argocd.roleMappings,
      repository: url ? { url, revision: argocd.repository.revision } : undefined,
    },
  };
}
