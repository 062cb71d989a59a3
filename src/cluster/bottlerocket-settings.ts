import { Fn } from 'aws-cdk-lib';
import { stringify } from 'smol-toml';

export interface BottlerocketSettingsProps {
  readonly clusterName: string;
  /** Cluster endpoint (a deploy-time token). */
  readonly apiServer: string;
  /** Base64 CA data (a deploy-time token). */
  readonly clusterCertificate: string;
  readonly clusterDnsIp: string;
  readonly nodeLabels: Readonly<Record<string, string>>;
}

/** Host containers of every platform node: admin for break-glass debugging (reached through the control container and SSM). */
const HOST_CONTAINERS = { admin: { enabled: true }, control: { enabled: true } };

/**
 * Settings for Karpenter's nodes: Karpenter writes the cluster settings (name, endpoint, CA, DNS,
 * labels, taints) itself and merges these in, so only what it does not own is given.
 */
export function karpenterBottlerocketToml(): string {
  return stringify({ settings: { 'host-containers': HOST_CONTAINERS } });
}

/**
 * The Bottlerocket TOML settings document, with `${ApiServer}` and `${ClusterCertificate}` left
 * for CloudFormation to substitute. Kept separate from the tokens so tests can parse it as TOML.
 */
export function bottlerocketSettingsToml(props: Omit<BottlerocketSettingsProps, 'apiServer' | 'clusterCertificate'>): string {
  const settings: Record<string, unknown> = {
    kubernetes: {
      'cluster-name': props.clusterName,
      'api-server': '${ApiServer}',
      'cluster-certificate': '${ClusterCertificate}',
      'cluster-dns-ip': props.clusterDnsIp,
      ...(Object.keys(props.nodeLabels).length > 0 ? { 'node-labels': { ...props.nodeLabels } } : {}),
    },
    'host-containers': HOST_CONTAINERS,
  };
  return stringify({ settings });
}

/** Base64 user data for the launch template: the TOML with the cluster's endpoint and CA filled in. */
export function bottlerocketUserData(props: BottlerocketSettingsProps): string {
  return Fn.base64(
    Fn.sub(bottlerocketSettingsToml(props), {
      ApiServer: props.apiServer,
      ClusterCertificate: props.clusterCertificate,
    }),
  );
}
