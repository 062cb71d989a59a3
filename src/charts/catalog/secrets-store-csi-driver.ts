import { CHART_VERSIONS } from '../../config/versions';
import type { HelmEntry } from '../chart-spec';

/**
 * The AWS provider chart with the secrets store CSI driver as its dependency. Values checked
 * against aws/secrets-store-csi-driver-provider-aws charts/.../values.yaml and the driver's
 * chart (kubernetes-sigs/secrets-store-csi-driver). Pods read secrets with their own IAM role,
 * so this entry has no role of its own.
 */
export const secretsStoreCsiDriver: HelmEntry = {
  kind: 'helm',
  id: 'secrets-store-csi-driver',
  purpose: 'mounts Secrets Manager values as volumes, read with the pod\'s own role',
  phase: 'primary',
  namespace: 'kube-system',
  applies: [],
  availability: { 'driver-and-provider': { perNode: 'DaemonSets: each node mounts its own pods\' secrets' } },
  defaultEnabled: true,
  repository: 'https://aws.github.io/secrets-store-csi-driver-provider-aws',
  chart: 'secrets-store-csi-driver-provider-aws',
  release: () => 'secrets-store-csi-aws',
  version: CHART_VERSIONS['secrets-store-csi-driver'],
  images: [
    { path: 'image.repository', registry: 'ecr-public', repository: 'aws-secrets-manager/secrets-store-csi-driver-provider-aws' },
    { path: 'secrets-store-csi-driver.linux.image.repository', registry: 'k8s', repository: 'csi-secrets-store/driver' },
    { path: 'secrets-store-csi-driver.linux.crds.image.repository', registry: 'k8s', repository: 'csi-secrets-store/driver-crds' },
    { path: 'secrets-store-csi-driver.linux.registrarImage.repository', registry: 'k8s', repository: 'sig-storage/csi-node-driver-registrar' },
    { path: 'secrets-store-csi-driver.linux.livenessProbeImage.repository', registry: 'k8s', repository: 'sig-storage/livenessprobe' },
  ],
  values: () => ({
    'secrets-store-csi-driver': {
      install: true,
      // Mounts only: syncing to Kubernetes Secrets would give the driver cluster-wide secret writes.
      syncSecret: { enabled: false },
      enableSecretRotation: true,
      rotationPollInterval: '2m',
    },
    securityContext: { privileged: false, allowPrivilegeEscalation: false },
  }),
};
