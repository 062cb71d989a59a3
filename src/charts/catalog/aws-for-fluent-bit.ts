import { CHART_VERSIONS } from '../../config/versions';
import type { HelmEntry } from '../chart-spec';

/** Values checked against aws/eks-charts stable/aws-for-fluent-bit/values.yaml (0.1.x). */
export const awsForFluentBit: HelmEntry = {
  kind: 'helm',
  id: 'aws-for-fluent-bit',
  purpose: 'ships pod logs to a CloudWatch log group created with retention and KMS',
  phase: 'primary',
  namespace: 'kube-system',
  applies: ['Service'],
  availability: { 'fluent-bit': { perNode: 'a DaemonSet: each node ships its own pods\' logs' } },
  defaultEnabled: true,
  roleId: 'aws-for-fluent-bit',
  repository: 'https://aws.github.io/eks-charts',
  chart: 'aws-for-fluent-bit',
  release: () => 'aws-for-fluent-bit',
  version: CHART_VERSIONS['aws-for-fluent-bit'],
  images: [{ path: 'image.repository', registry: 'ecr-public', repository: 'aws-observability/aws-for-fluent-bit' }],
  values: (ctx) => ({
    serviceAccount: { create: false, name: ctx.serviceAccount('aws-for-fluent-bit') },
    cloudWatch: { enabled: false },
    cloudWatchLogs: {
      enabled: true,
      region: ctx.region,
      logGroupName: ctx.containerLogGroupName,
      // One group, created by the stack: no per-namespace groups, no group creation at run time.
      logGroupTemplate: '',
      autoCreateGroup: false,
      logStreamPrefix: 'pod-',
    },
    firehose: { enabled: false },
    kinesis: { enabled: false },
    elasticsearch: { enabled: false },
    // Bottlerocket runs containerd: there is no /var/lib/docker/containers to mount.
    volumes: [{ name: 'varlog', hostPath: { path: '/var/log' } }],
    volumeMounts: [{ name: 'varlog', mountPath: '/var/log' }],
    resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '250Mi' } },
    priorityClassName: 'system-node-critical',
  }),
};
