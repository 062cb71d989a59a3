/**
 * Helm chart versions (SPEC section 6) per Kubernetes minor, each read at its exact upstream tag
 * and carrying the Kubernetes minors its upstream says it supports. A chart usually has one pin
 * for every minor; where no single release covers them (the cluster autoscaler follows the
 * control plane's minor, Karpenter 1.11 ends at 1.35) each minor has its own, and the upgrade
 * plan moves the chart before or with the control plane (src/upgrade/).
 */
import { VERIFIED, type Evidence, type KubernetesRange, type Pin } from '../provenance';

export interface ChartPin extends Pin {
  /** The Kubernetes minors this release supports, from its upstream's own statement. */
  readonly kubernetes: KubernetesRange;
  /** Where the chart was read at its tag; the values index (src/charts/values-index/) names the same. */
  readonly source: Extract<Evidence, { kind: 'git-tag' }>;
  /** Values pinned beside the chart (image tags that follow the Kubernetes minor), by dotted path. */
  readonly pinnedValues?: Readonly<Record<string, Pin>>;
  /** Charts packaged inside this one (its Chart.lock), whose values live under their names. */
  readonly subcharts?: readonly Subchart[];
}

export interface Subchart {
  readonly name: string;
  readonly version: string;
  readonly source: Extract<Evidence, { kind: 'git-tag' }>;
}

const tag = (repository: string, t: string, path: string, detail?: string): Extract<Evidence, { kind: 'git-tag' }> => ({ kind: 'git-tag', repository, tag: t, path, detail });

function chart(version: string, source: ChartPin['source'], kubernetes: KubernetesRange, note?: string, extra: Evidence[] = [], subcharts?: Subchart[]): ChartPin {
  return { version, source, kubernetes, provenance: { verified: VERIFIED, evidence: [source, ...extra], note }, ...(subcharts ? { subcharts } : {}) };
}

const PROMETHEUS_COMMUNITY = 'prometheus-community/helm-charts';
const sub = (name: string, version: string, repository: string, t: string, path: string): Subchart => ({ name, version, source: tag(repository, t, path) });

export const ISTIO_VERSION = '1.30.3';
const ISTIO_RANGE: KubernetesRange = {
  min: '1.32',
  source: tag('istio/istio', ISTIO_VERSION, 'istioctl/pkg/install/k8sversion/version.go', 'MinK8SVersion = 32; the support table of istio.io is not readable offline, so no upper bound is stated'),
};
const ISTIO_NOTE = 'SPEC era pin 1.30.5 was never tagged; 1.30.3 (2026-07-13) is the newest tag of istio/istio read here. istio.io announces 1.30.4 (2026-08-27), not yet in the mirrored repository, so its charts could not be checked';
const istio = (path: string) => chart(ISTIO_VERSION, tag('istio/istio', ISTIO_VERSION, path), ISTIO_RANGE, ISTIO_NOTE);

const KARPENTER_MATRIX = (max: string): KubernetesRange => ({
  min: '1.26',
  max,
  source: tag('aws/karpenter-provider-aws', 'v1.14.1', 'hack/docs/compatibilitymatrix_gen/compatibility.yaml', '1.11.x: 1.26 to 1.35; 1.13.x: 1.26 to 1.36'),
});
const KARPENTER_CHART_NOTE = 'the release tag is the published chart version; Chart.yaml at the tag still shows the previous version, which the release pipeline replaces';
const karpenter = (version: string, path: string, max: string) =>
  chart(version, tag('aws/karpenter-provider-aws', `v${version}`, path), KARPENTER_MATRIX(max), KARPENTER_CHART_NOTE);

/** The autoscaler runs the image of the control plane's minor (its README: use the version meant for the control plane). */
function autoscaler(minor: string, image: string): ChartPin {
  return {
    ...chart('9.57.0', tag('kubernetes/autoscaler', 'cluster-autoscaler-chart-9.57.0', 'cluster-autoscaler/charts/cluster-autoscaler'), {
      min: minor,
      max: minor,
      source: tag('kubernetes/autoscaler', 'cluster-autoscaler-chart-9.57.0', 'cluster-autoscaler/README.md', 'recommends the Cluster Autoscaler of the control plane\'s minor; no cross-version testing'),
    }),
    pinnedValues: {
      'image.tag': {
        version: `v${image}`,
        provenance: { verified: VERIFIED, evidence: [tag('kubernetes/autoscaler', `cluster-autoscaler-${image}`, 'cluster-autoscaler/version/version.go', `ClusterAutoscalerVersion = "${image}"`)] },
      },
    },
  };
}

const KARPENTER_1_35 = { karpenter: karpenter('1.11.1', 'charts/karpenter', '1.35'), crd: karpenter('1.11.1', 'charts/karpenter-crd', '1.35') };
const KARPENTER_1_36 = {
  karpenter: karpenter('1.13.1', 'charts/karpenter', '1.36'),
  crd: karpenter('1.13.1', 'charts/karpenter-crd', '1.36'),
};

/** Pins shared by every catalogued minor. */
const SHARED = {
  'secrets-store-csi-driver': chart(
    '2.2.2',
    tag('aws/secrets-store-csi-driver-provider-aws', '2.2.2', 'charts/secrets-store-csi-driver-provider-aws'),
    { min: '1.17', source: tag('aws/secrets-store-csi-driver-provider-aws', '2.2.2', 'charts/secrets-store-csi-driver-provider-aws/Chart.yaml', 'kubeVersion ">=1.17.0-0"') },
    'the earlier pin 2.2.0 was never published (the chart index on gh-pages lists 2.2.1 and 2.2.2 only); the chart bundles the driver chart its Chart.lock names',
    [{ kind: 'git-commit', repository: 'aws/secrets-store-csi-driver-provider-aws', commit: '1986b33930d99d27c2839d2dfb014211507abca8', path: 'index.yaml', detail: 'gh-pages chart index lists 2.2.2' }],
    [sub('secrets-store-csi-driver', '1.5.6', 'kubernetes-sigs/secrets-store-csi-driver', 'v1.5.6', 'charts/secrets-store-csi-driver')],
  ),
  'aws-for-fluent-bit': chart('0.1.35', tag('aws/eks-charts', 'v0.0.191', 'stable/aws-for-fluent-bit'), {
    source: tag('aws/eks-charts', 'v0.0.191', 'stable/aws-for-fluent-bit/templates', 'no compatibility range is published; the templates use only GA APIs, which the values index records and a test checks against the API removals of every catalogued minor'),
  }),
  'aws-load-balancer-controller': chart(
    '1.14.1',
    tag('aws/eks-charts', 'v0.0.214', 'stable/aws-load-balancer-controller'),
    { min: '1.22', source: tag('kubernetes-sigs/aws-load-balancer-controller', 'v2.14.1', 'docs/deploy/installation.md', 'v2.5.0+ requires Kubernetes 1.22+') },
    'the chart of controller v2.14.1 (identical to kubernetes-sigs/aws-load-balancer-controller@v2.14.1:helm/aws-load-balancer-controller)',
  ),
  'cert-manager': chart(
    'v1.21.1',
    tag('cert-manager/cert-manager', 'v1.21.1', 'deploy/charts/cert-manager'),
    { min: '1.33', max: '1.36', source: { kind: 'git-commit', repository: 'cert-manager/website', commit: '776e5dba', path: 'content/docs/releases/README.md', detail: '1.21: supported Kubernetes 1.33 to 1.36' } },
    'the earlier pin v1.21.2 was never tagged; v1.21.1 (2026-07-29) is the newest tag',
  ),
  'istio-base': istio('manifests/charts/base'),
  istiod: istio('manifests/charts/istio-control/istio-discovery'),
  'istio-cni': istio('manifests/charts/istio-cni'),
  ztunnel: istio('manifests/charts/ztunnel'),
  'istio-ingressgateway': istio('manifests/charts/gateway'),
  'metrics-server': chart('3.13.0', tag('kubernetes-sigs/metrics-server', 'metrics-server-helm-chart-3.13.0', 'charts/metrics-server'), {
    min: '1.31',
    source: tag('kubernetes-sigs/metrics-server', 'v0.8.0', 'README.md', 'compatibility matrix: 0.8.x supports Kubernetes 1.31+'),
  }),
  prometheus: chart(
    '23.1.0',
    tag('prometheus-community/helm-charts', 'prometheus-23.1.0', 'charts/prometheus'),
    { min: '1.16', source: tag('prometheus-community/helm-charts', 'prometheus-23.1.0', 'charts/prometheus/Chart.yaml', 'kubeVersion ">=1.16.0-0"') },
    'its sub-charts are indexed at the versions of its Chart.lock',
    [],
    [
      sub('alertmanager', '0.33.1', PROMETHEUS_COMMUNITY, 'alertmanager-0.33.1', 'charts/alertmanager'),
      sub('kube-state-metrics', '5.8.2', PROMETHEUS_COMMUNITY, 'kube-state-metrics-5.8.2', 'charts/kube-state-metrics'),
      sub('prometheus-node-exporter', '4.18.1', PROMETHEUS_COMMUNITY, 'prometheus-node-exporter-4.18.1', 'charts/prometheus-node-exporter'),
      sub('prometheus-pushgateway', '2.4.0', PROMETHEUS_COMMUNITY, 'prometheus-pushgateway-2.4.0', 'charts/prometheus-pushgateway'),
    ],
  ),
  reloader: chart('2.2.9', tag('stakater/Reloader', 'chart-v2.2.9', 'deployments/kubernetes/chart/reloader'), {
    min: '1.19',
    source: tag('stakater/Reloader', 'chart-v2.2.9', 'README.md', 'Reloader is compatible with Kubernetes >= 1.19'),
  }),
  'external-dns': chart('1.19.0', tag('kubernetes-sigs/external-dns', 'external-dns-helm-chart-1.19.0', 'charts/external-dns'), {
    min: '1.21',
    source: tag('kubernetes-sigs/external-dns', 'v0.19.0', 'README.md', 'Kubernetes version compatibility: >= 0.18.x supports 1.21 and every later minor'),
  }),
  'external-secrets': chart(
    '2.8.0',
    tag('external-secrets/external-secrets', 'helm-chart-2.8.0', 'deploy/charts/external-secrets'),
    { min: '1.35', max: '1.36', source: { kind: 'git-commit', repository: 'external-secrets/external-secrets', commit: 'cc5bfbc22', path: 'docs/introduction/stability-support.md', detail: '2.8: Kubernetes 1.35-1.36' } },
    'the earlier pin 0.19.1 is stated for Kubernetes 1.33 only (same table), so it cannot run on a catalogued minor; 2.8.0 is the newest release stated for both 1.35 and 1.36',
  ),
  'rabbitmq-cluster-operator': chart(
    '4.4.34',
    tag('bitnami/charts', 'rabbitmq-cluster-operator/4.4.34', 'bitnami/rabbitmq-cluster-operator'),
    { min: '1.19', source: tag('bitnami/charts', 'rabbitmq-cluster-operator/4.4.34', 'bitnami/rabbitmq-cluster-operator/Chart.yaml', "kubeVersion '>= 1.19.0-0'") },
    undefined,
    [],
    [sub('common', '2.31.4', 'bitnami/charts', 'common/2.31.4', 'bitnami/common')],
  ),
} as const satisfies Record<string, ChartPin>;

type SharedId = keyof typeof SHARED;
const shared = Object.fromEntries(Object.entries(SHARED).map(([id, pin]) => [id, { '1.35': pin, '1.36': pin }])) as unknown as Record<SharedId, Readonly<Record<string, ChartPin>>>;

export const CHART_PINS: Readonly<Record<SharedId | 'cluster-autoscaler' | 'karpenter-crd' | 'karpenter', Readonly<Record<string, ChartPin>>>> = {
  'cluster-autoscaler': { '1.35': autoscaler('1.35', '1.35.2'), '1.36': autoscaler('1.36', '1.36.1') },
  'karpenter-crd': { '1.35': KARPENTER_1_35.crd, '1.36': KARPENTER_1_36.crd },
  karpenter: { '1.35': KARPENTER_1_35.karpenter, '1.36': KARPENTER_1_36.karpenter },
  ...shared,
};

export type ChartVersionKey = keyof typeof CHART_PINS;
