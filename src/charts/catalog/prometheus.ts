import { CHART_VERSIONS } from '../../config/versions';
import type { HelmEntry } from '../chart-spec';

/**
 * Alerting rules every environment starts with; applications add their own. Plain Prometheus
 * rule groups (the chart's `serverFiles."alerting_rules.yml"`).
 */
const PLATFORM_ALERTS = {
  groups: [
    {
      name: 'platform',
      rules: [
        {
          alert: 'TargetDown',
          expr: 'up == 0',
          for: '10m',
          labels: { severity: 'warning' },
          annotations: { summary: '{{ $labels.job }} target {{ $labels.instance }} has been down for 10 minutes' },
        },
        {
          alert: 'NodeNotReady',
          expr: 'kube_node_status_condition{condition="Ready",status="true"} == 0',
          for: '10m',
          labels: { severity: 'critical' },
          annotations: { summary: 'node {{ $labels.node }} has not been Ready for 10 minutes' },
        },
        {
          alert: 'PodCrashLooping',
          expr: 'increase(kube_pod_container_status_restarts_total[15m]) > 3',
          for: '5m',
          labels: { severity: 'warning' },
          annotations: { summary: '{{ $labels.namespace }}/{{ $labels.pod }} restarted more than 3 times in 15 minutes' },
        },
        {
          alert: 'NodeFilesystemAlmostFull',
          expr: 'node_filesystem_avail_bytes{fstype!~"tmpfs|overlay"} / node_filesystem_size_bytes < 0.1',
          for: '15m',
          labels: { severity: 'warning' },
          annotations: { summary: '{{ $labels.instance }} {{ $labels.mountpoint }} has less than 10% space left' },
        },
      ],
    },
  ],
};

/**
 * Values checked against prometheus-community/helm-charts charts/prometheus/values.yaml (23.x):
 * Alertmanager, kube-state-metrics and node-exporter as its sub-charts; no Grafana, so no
 * password exists to default.
 */
export const prometheus: HelmEntry = {
  kind: 'helm',
  id: 'prometheus',
  purpose: 'metrics and alerting, with kube-state-metrics and node-exporter',
  phase: 'independent',
  namespace: 'monitoring',
  applies: ['Service'],
  // The server's and Alertmanager's volumes are claims of the default class (gp3).
  claimsVolumes: true,
  availability: {
    server: {
      singleReplica:
        'Prometheus keeps its TSDB on one ReadWriteOnce gp3 volume (a Deployment; server.statefulSet is off): a second replica cannot share it, and a highly ' +
        'available pair means two full servers scraping everything, each with its own volume, and duplicate series in every query. A drain costs a scrape ' +
        'gap of about a minute, which the 10-minute `for` of the platform alerts absorbs; a budget on one replica would block every node drain.',
    },
    alertmanager: { singleReplica: 'one StatefulSet pod whose volume keeps silences across restarts; a restart delays notifications by seconds' },
    'kube-state-metrics': { singleReplica: 'stateless: a restart is a short gap in object metrics, and alerts on them wait 10 minutes' },
    'node-exporter': { perNode: 'a DaemonSet: each node reports its own metrics' },
  },
  defaultEnabled: true,
  repository: 'https://prometheus-community.github.io/helm-charts',
  chart: 'prometheus',
  release: (ctx) => `${ctx.project}-prometheus`,
  version: CHART_VERSIONS.prometheus,
  images: [
    { path: 'server.image.repository', registry: 'quay', repository: 'prometheus/prometheus' },
    { path: 'configmapReload.prometheus.image.repository', registry: 'quay', repository: 'prometheus-operator/prometheus-config-reloader' },
    { path: 'alertmanager.image.repository', registry: 'quay', repository: 'prometheus/alertmanager' },
    { path: 'alertmanager.configmapReload.image.repository', registry: 'quay', repository: 'prometheus-operator/prometheus-config-reloader' },
    // The sub-charts split registry and repository; only the registry changes.
    { path: 'kube-state-metrics.image.registry', registry: 'k8s', repository: '' },
    { path: 'prometheus-node-exporter.image.registry', registry: 'quay', repository: '' },
  ],
  values: () => ({
    server: {
      retention: '15d',
      persistentVolume: { enabled: true, size: '50Gi' },
      resources: { requests: { cpu: '250m', memory: '1Gi' } },
      securityContext: { runAsNonRoot: true, runAsUser: 65534, runAsGroup: 65534, fsGroup: 65534 },
    },
    alertmanager: { enabled: true, persistence: { size: '2Gi' } },
    'kube-state-metrics': { enabled: true },
    'prometheus-node-exporter': { enabled: true },
    // Push-based metrics are not part of the platform.
    'prometheus-pushgateway': { enabled: false },
    serverFiles: { 'alerting_rules.yml': PLATFORM_ALERTS },
  }),
};
