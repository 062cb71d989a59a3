/**
 * Where Argo CD reads each chart of the catalog. The catalog names a chart the way the kubectl
 * provider's Helm handler reads it: an HTTPS Helm repository plus a chart name, or an OCI
 * reference `oci://<registry>/<path>/<chart>` that the handler pulls as given (aws-cdk-lib 2.276,
 * custom-resource-handlers/dist/aws-eks/kubectl-handler/helm/__init__.py). Argo CD takes an OCI
 * Helm repository without the scheme and appends the chart itself: a repoURL without a scheme is
 * an OCI repository (util/helm/client.go IsHelmOciRepo), pulled as oci://<repoURL>/<chart>
 * (util/helm/cmd.go), both at argoproj/argo-cd v3.1.0. So one catalog entry gives both modes.
 */

export interface ArgoHelmSource {
  readonly repoURL: string;
  readonly chart: string;
  readonly targetRevision: string;
}

/** A private ECR registry: the capability role holds no ECR permissions (it reads public sources only). */
const PRIVATE_ECR = /^\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com(\.cn)?(\/|$)/;

/** The Argo CD source of a Helm chart, or why Argo CD cannot read it. */
export function argoHelmSource(repository: string, chart: string, version: string): ArgoHelmSource | { readonly problem: string } {
  if (repository.startsWith('https://')) return { repoURL: repository, chart, targetRevision: version };
  if (repository.startsWith('oci://')) {
    const reference = repository.slice('oci://'.length);
    if (PRIVATE_ECR.test(reference)) {
      return { problem: `its chart is in a private ECR registry (${repository}), and the Argo CD capability role has no ECR permissions; publish it to a public registry or extend the role` };
    }
    const suffix = `/${chart}`;
    if (!reference.endsWith(suffix) || reference.length === suffix.length) {
      return {
        problem:
          `its OCI repository ${repository} must end with the chart name (oci://<registry>/<path>/${chart}): ` +
          'the kubectl provider pulls the reference as given and Argo CD appends the chart to the repository',
      };
    }
    return { repoURL: reference.slice(0, -suffix.length), chart, targetRevision: version };
  }
  return { problem: `Argo CD reads Helm charts from https:// repositories and oci:// registries only, not from ${repository}` };
}

/** Whether a source could be built. */
export function isSource(s: ArgoHelmSource | { readonly problem: string }): s is ArgoHelmSource {
  return !('problem' in s);
}

/** An application version that names a commit of this repository (an image tag made from the commit). */
export function isCommit(version: string): boolean {
  return /^[0-9a-f]{7,40}$/.test(version);
}
