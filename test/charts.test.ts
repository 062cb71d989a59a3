/**
 * The Helm chart catalog as synthesized: DependsOn edges that realise the phase graph, values that
 * do what SPEC section 6 says, exact versions, the image mirror, and chart toggles.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CHART_CATALOG } from '../src/charts/catalog';
import { ADMITTED_KINDS } from '../src/plan/admission';
import { GATEWAY_SERVICE_ANNOTATIONS } from '../src/charts/catalog/istio-ingressgateway';
import { NLB_CLASS } from '../src/charts/catalog/aws-load-balancer-controller';
import { loadValuesIndex } from '../src/charts/values-index';
import { PUBLIC_REGISTRY_HOSTS } from '../src/charts/registries';
import { validateEnvironment } from '../src/config/load';
import { EXACT_CHART_VERSION } from '../src/config/versions';
import { evaluate } from './support/intrinsics';
import { HELM, chartDependsOn, chartResources, logicalIdOf, valuesOf } from './support/charts';
import { environmentData, ofType, synth } from './support/platform';

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

const dev = synth('dev');
const prod = synth('prod');

describe('chart phases as DependsOn edges (dev)', () => {
  const primary = dev.model.charts.entries.filter((e) => e.phase === 'primary').map((e) => e.id);

  it('realises exactly the planned graph', () => {
    for (const entry of dev.model.charts.entries) assert.deepEqual(chartDependsOn(dev, entry.id), [...entry.after].sort(), entry.id);
  });

  it('starts every chart only after the cluster stack (nodes, add-ons, access) and the image mirror', () => {
    const stack = dev.assembly.getStackByName('aos-dev-charts');
    assert.ok(stack.dependencies.some((d) => d.id === 'aos-dev-cluster'));
    const mirror = [...ofType(dev.templates.charts, 'AWS::ECR::PullThroughCacheRule'), ...ofType(dev.templates.charts, 'AWS::ECR::RepositoryCreationTemplate')].map(([id]) => id);
    assert.ok(mirror.length > 0);
    for (const [id, { resource }] of chartResources(dev)) {
      for (const m of mirror) assert.ok([resource.DependsOn].flat().includes(m), `${id} waits for ${m}`);
    }
  });

  it('starts primary charts in parallel: only declared edges and admission webhooks inside the phase', () => {
    const declared = (id: string) => CHART_CATALOG.find((e) => e.id === id)?.dependsOn ?? [];
    const admittedBy = (id: string) => dev.model.charts.entries.find((e) => e.id === id)!.admittedBy;
    for (const id of primary) assert.deepEqual(chartDependsOn(dev, id), [...new Set([...declared(id), ...admittedBy(id)])].sort(), id);
  });

  it('creates Services without waiting for the load balancer controller: its Service webhook is off, an admission policy states the class', () => {
    const values = valuesOf(dev, 'aws-load-balancer-controller');
    assert.equal(values.enableServiceMutatorWebhook, false);
    assert.equal(values.serviceMutatorWebhookConfig, undefined, 'no settings for a webhook the chart does not render');
    assert.equal(values.loadBalancerClass, NLB_CLASS, 'the class the policy requires is the one the controller reconciles');
    const controller = CHART_CATALOG.find((c) => c.id === 'aws-load-balancer-controller')!;
    assert.ok(!controller.admits!.includes('Service'), 'with the mutator off the controller gates no Service');
    const makers = dev.model.charts.entries.filter((e) => CHART_CATALOG.find((c) => c.id === e.id)!.applies.includes('Service'));
    assert.ok(makers.length >= 10);
    // Only the gateway, whose NLB the controller must outlive, still waits for it among them.
    const waiting = makers.filter((e) => chartDependsOn(dev, e.id).includes('aws-load-balancer-controller')).map((e) => e.id);
    assert.deepEqual(waiting, ['istio-ingressgateway']);
    assert.ok(dev.platform.cluster.loadBalancerClassPolicy, 'the policy is in the cluster stack, complete before any chart');
  });

  it('still orders what the controller\'s fail-closed webhooks admit (IngressClassParams) after it', () => {
    assert.deepEqual(dev.model.charts.entries.find((e) => e.id === 'alb-ingress-group')!.admittedBy, ['aws-load-balancer-controller']);
    assert.ok(chartDependsOn(dev, 'alb-ingress-group').includes('aws-load-balancer-controller'));
  });

  it('makes only the entries that claim volumes wait for the StorageClasses', () => {
    const classes = logicalIdOf(dev.platform.charts.storageClasses.manifest);
    const waiting = [...chartResources(dev)].filter(([, r]) => [r.resource.DependsOn].flat().includes(classes)).map(([id]) => id);
    assert.deepEqual(waiting, ['prometheus']);
  });

  it('declares claimsVolumes exactly where a chart can render claims (its templates at the tag, or its objects)', () => {
    const claimKinds = ['v1 PersistentVolumeClaim', 'apps/v1 StatefulSet'];
    for (const entry of CHART_CATALOG) {
      let claims: boolean;
      if (entry.kind === 'helm') {
        const index = loadValuesIndex(entry.chart, entry.version) ?? assert.fail(`no values index for ${entry.id}`);
        claims = index.apiVersions.some((k) => claimKinds.includes(k));
      } else {
        claims = [dev, prod].some((s) => (s.model.charts.entries.find((e) => e.id === entry.id)?.manifests ?? []).some((o: any) => claimKinds.includes(`${o.apiVersion} ${o.kind}`)));
      }
      assert.equal(entry.claimsVolumes ?? false, claims, entry.id);
    }
  });

  it('declares every gated kind its Kubernetes objects include, and none that no environment creates', () => {
    // An entry's objects may depend on the environment (the gateway certificate's issuers: a
    // ClusterIssuer for ACME in prod, namespaced Issuers of the private CA in dev).
    const seen = new Map<string, Set<string>>();
    for (const s of [dev, prod]) {
      for (const entry of s.model.charts.entries.filter((e) => e.manifests)) {
        const declared = CHART_CATALOG.find((c) => c.id === entry.id)!.applies;
        const kinds = new Set(entry.manifests!.map((o: any) => o.kind as string));
        for (const kind of ADMITTED_KINDS) if (kinds.has(kind)) assert.ok(declared.includes(kind), `${entry.id} ${kind}`);
        seen.set(entry.id, new Set([...(seen.get(entry.id) ?? []), ...kinds]));
      }
    }
    for (const [id, kinds] of seen) {
      for (const kind of CHART_CATALOG.find((c) => c.id === id)!.applies) assert.ok(kinds.has(kind), `${id} declares ${kind}, which neither dev nor prod creates`);
    }
  });

  it('orders Istio as its own installer does at 1.30: base, then istiod beside cni, then ztunnel after cni', () => {
    assert.deepEqual(chartDependsOn(dev, 'istiod'), ['istio-base']);
    assert.deepEqual(chartDependsOn(dev, 'istio-cni'), ['istio-base']);
    assert.deepEqual(chartDependsOn(dev, 'ztunnel'), ['istio-cni']);
  });

  it('installs the gateway after every primary chart', () => {
    assert.deepEqual(chartDependsOn(dev, 'istio-ingressgateway'), [...primary].sort());
  });

  it('keeps Prometheus out of the primary/secondary chain: it waits for no chart', () => {
    assert.deepEqual(chartDependsOn(dev, 'prometheus'), []);
    for (const entry of dev.model.charts.entries) assert.ok(!chartDependsOn(dev, entry.id).includes('prometheus'), entry.id);
  });

  it('deletes what makes load balancers before the load balancer controller', () => {
    const makers = dev.model.charts.entries.filter((e) => e.creates.includes('load-balancers')).map((e) => e.id);
    assert.deepEqual(makers, ['istio-ingressgateway']);
    for (const id of makers) assert.ok(chartDependsOn(dev, id).includes('aws-load-balancer-controller'));
    // Everything after the gateway (the application phase) is deleted before it, so also before the controller.
    assert.ok(chartDependsOn(dev, 'echo-server').includes('istio-ingressgateway'));
  });

  it('keeps an application slot after the secondary phase', () => {
    const [slotId, slot] = ofType(dev.templates.charts, 'AWS::CloudFormation::WaitConditionHandle')[0];
    assert.deepEqual(slot.DependsOn, [chartResources(dev).get('istio-ingressgateway')!.logicalId]);
    assert.deepEqual(dev.templates.charts.Outputs.ApplicationSlot.Value, { Ref: slotId });
  });

  it('uses the cluster\'s one kubectl provider: no Lambda in the charts stack', () => {
    assert.equal(ofType(dev.templates.charts, 'AWS::Lambda::Function').length, 0);
    const tokens = new Set([...chartResources(dev).values()].map((r) => JSON.stringify(r.resource.Properties.ServiceToken)));
    assert.equal(tokens.size, 1);
    assert.match([...tokens][0], /aos-dev-cluster/);
  });
});

describe('chart releases', () => {
  it('pins every chart to an exact version, from the version catalog', () => {
    for (const s of [dev, prod]) {
      for (const entry of s.model.charts.entries.filter((e) => e.helm)) {
        const props = chartResources(s).get(entry.id)!.resource.Properties;
        assert.match(props.Version, EXACT_CHART_VERSION, entry.id);
        assert.equal(props.Version, entry.helm!.version);
        assert.equal(props.Wait, true, `${entry.id} waits for its pods`);
        assert.equal(props.Release, entry.helm!.release);
        assert.equal(props.Namespace, entry.namespace);
      }
    }
    assert.equal(chartResources(dev).get('istio-cni')!.resource.Properties.Version, '1.30.3');
  });

  it('uses SPEC\'s releases and namespaces', () => {
    const expected: Record<string, [string, string, string]> = {
      'cluster-autoscaler': ['cluster-autoscaler', 'kube-system', '9.57.0'],
      'secrets-store-csi-driver': ['secrets-store-csi-aws', 'kube-system', '2.2.2'],
      'aws-for-fluent-bit': ['aws-for-fluent-bit', 'kube-system', '0.1.35'],
      'aws-load-balancer-controller': ['aws-load-balancer-controller', 'kube-system', '1.14.1'],
      'istio-base': ['base', 'istio-system', '1.30.3'],
      istiod: ['istio-discovery', 'istio-system', '1.30.3'],
      'istio-cni': ['istio-cni', 'istio-system', '1.30.3'],
      ztunnel: ['ztunnel', 'istio-system', '1.30.3'],
      'metrics-server': ['metrics-server', 'kube-system', '3.13.0'],
      'istio-ingressgateway': ['istio-ingressgateway', 'istio-system', '1.30.3'],
      prometheus: ['aos-prometheus', 'monitoring', '23.1.0'],
    };
    for (const [id, [release, namespace, version]] of Object.entries(expected)) {
      const p = chartResources(dev).get(id)!.resource.Properties;
      assert.deepEqual([p.Release, p.Namespace, p.Version], [release, namespace, version], id);
    }
  });
});

describe('chart values (dev)', () => {
  it('cluster autoscaler: auto-discovery by the node group tags, the region, its service account', () => {
    const v = valuesOf(dev, 'cluster-autoscaler');
    assert.equal(v.cloudProvider, 'aws');
    assert.equal(v.awsRegion, 'eu-west-1');
    assert.deepEqual(v.autoDiscovery, { clusterName: 'aos-dev', tags: ['k8s.io/cluster-autoscaler/enabled', 'k8s.io/cluster-autoscaler/aos-dev'] });
    for (const tag of Object.keys(dev.model.nodeGroup.autoscalerTags)) assert.ok(v.autoDiscovery.tags.includes(tag));
    assert.deepEqual(v.rbac.serviceAccount, { create: false, name: 'cluster-autoscaler' });
  });

  it('load balancer controller: cluster, VPC, region, default IngressClass, its service account', () => {
    const v = valuesOf(dev, 'aws-load-balancer-controller');
    assert.equal(v.clusterName, 'aos-dev');
    assert.equal(v.region, 'eu-west-1');
    assert.equal(v.vpcId, 'VPC-ID');
    const raw = JSON.stringify(chartResources(dev).get('aws-load-balancer-controller')!.resource.Properties.Values);
    assert.match(raw, /aos-dev-network/, 'the VPC id comes from the network stack');
    assert.deepEqual(v.ingressClassConfig, { default: true });
    assert.equal(v.createIngressClassResource, true);
    assert.deepEqual(v.serviceAccount, { create: false, name: 'aws-load-balancer-controller' });
  });

  it('cert-manager installs its CRDs', () => {
    assert.deepEqual(valuesOf(dev, 'cert-manager').crds, { enabled: true, keep: true });
  });

  it('Istio: ambient profile for istiod, cni and ztunnel; Bottlerocket paths for the CNI', () => {
    assert.equal(valuesOf(dev, 'istiod').profile, 'ambient');
    assert.equal(valuesOf(dev, 'ztunnel').profile, 'ambient');
    const cni = valuesOf(dev, 'istio-cni');
    assert.equal(cni.profile, 'ambient');
    assert.equal(cni.cniBinDir, '/opt/cni/bin');
    assert.equal(cni.cniConfDir, '/etc/cni/net.d');
    assert.equal(cni.ambient.reconcileIptablesOnStartup, true);
    // The chart has no `privileged` value (it renders privileged: false with capabilities); on
    // Bottlerocket the agents get the SELinux label its policy has for host writes.
    assert.equal(cni.privileged, undefined);
    assert.deepEqual(cni.seLinuxOptions, { type: 'super_t' });
    assert.deepEqual(valuesOf(dev, 'ztunnel').seLinuxOptions, { type: 'super_t' });
  });

  it('ingress gateway: a LoadBalancer Service with exactly the NLB annotations of SPEC', () => {
    const v = valuesOf(dev, 'istio-ingressgateway');
    assert.equal(v.service.type, 'LoadBalancer');
    assert.deepEqual(v.service.annotations, {
      'service.beta.kubernetes.io/aws-load-balancer-type': 'external',
      'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internet-facing',
      'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type': 'ip',
      'service.beta.kubernetes.io/aws-load-balancer-attributes': 'load_balancing.cross_zone.enabled=true',
      'service.beta.kubernetes.io/aws-load-balancer-target-group-attributes': 'stickiness.enabled=true,stickiness.type=source_ip',
      'service.beta.kubernetes.io/aws-load-balancer-proxy-protocol': '*',
      'service.beta.kubernetes.io/aws-load-balancer-healthcheck-port': '15021',
      'service.beta.kubernetes.io/aws-load-balancer-healthcheck-protocol': 'http',
      'service.beta.kubernetes.io/aws-load-balancer-healthcheck-path': '/healthz/ready',
    });
    assert.deepEqual(v.service.annotations, GATEWAY_SERVICE_ANNOTATIONS);
    assert.deepEqual(JSON.parse(v.podAnnotations['proxy.istio.io/config']), { gatewayTopology: { proxyProtocol: {} } });
    assert.deepEqual(v.labels, { istio: 'ingressgateway' });
  });

  it('ingress gateway: the NLB publishes traffic ports only; health checks reach the status port on the pods (item 6)', () => {
    for (const s of [dev, prod]) {
      const v = valuesOf(s, 'istio-ingressgateway');
      // The chart renders service.ports verbatim (templates/service.yaml at 1.30.3): these are the listeners.
      assert.deepEqual(v.service.ports.map((p: any) => p.port), [80, 443]);
      assert.ok(!v.service.ports.some((p: any) => p.port === 15021 || p.targetPort === 15021 || /status/.test(p.name)));
      assert.equal(v.service.annotations['service.beta.kubernetes.io/aws-load-balancer-healthcheck-port'], '15021');
      assert.equal(v.service.loadBalancerClass, 'service.k8s.aws/nlb', 'the NLB controller is named, as the admission policy requires');
      // Health checks carry the PROXY header when the target group uses proxy protocol: the status port must accept it.
      if (v.service.annotations['service.beta.kubernetes.io/aws-load-balancer-proxy-protocol']) assert.equal(v.env.ENVOY_STATUS_PORT_ENABLE_PROXY_PROTOCOL, 'true');
    }
  });

  it('fluent-bit: ships to the log group the stack creates, with retention and a key, and creates none itself', () => {
    const v = valuesOf(dev, 'aws-for-fluent-bit');
    assert.equal(v.cloudWatchLogs.enabled, true);
    assert.equal(v.cloudWatchLogs.logGroupName, '/aws/eks/aos-dev/containers');
    assert.equal(v.cloudWatchLogs.autoCreateGroup, false);
    assert.equal(v.cloudWatchLogs.region, 'eu-west-1');
    assert.deepEqual(v.serviceAccount, { create: false, name: 'aws-for-fluent-bit' });
    const [groupId, group] = ofType(dev.templates.charts, 'AWS::Logs::LogGroup')[0];
    assert.equal(group.Properties.LogGroupName, '/aws/eks/aos-dev/containers');
    assert.equal(group.Properties.RetentionInDays, 30);
    assert.ok(group.Properties.KmsKeyId);
    assert.ok([chartResources(dev).get('aws-for-fluent-bit')!.resource.DependsOn].flat().includes(groupId));
    // The log group is the one the Fluent Bit role may write to.
    const role = dev.model.identity.roles.find((r) => r.id === 'aws-for-fluent-bit')!;
    assert.ok(role.statements.some((st) => st.resources.some((res) => res.includes('log-group:/aws/eks/aos-dev/containers'))));
  });

  it('metrics-server and Prometheus: alerting, kube-state-metrics, node-exporter, no Grafana, no password', () => {
    assert.ok(chartResources(dev).has('metrics-server'));
    const v = valuesOf(dev, 'prometheus');
    assert.equal(v.alertmanager.enabled, true);
    assert.equal(v['kube-state-metrics'].enabled, true);
    assert.equal(v['prometheus-node-exporter'].enabled, true);
    assert.ok(v.serverFiles['alerting_rules.yml'].groups[0].rules.length >= 3);
    assert.equal(v.grafana, undefined);
    assert.doesNotMatch(JSON.stringify(v), /password/i);
  });

  it('external-dns: the configured zone only, upsert-only, its service account', () => {
    const v = valuesOf(dev, 'external-dns');
    assert.deepEqual(v.provider, { name: 'aws' });
    assert.deepEqual(v.extraArgs, ['--zone-id-filter=Z0DEV0EXAMPLE0ZONE01']);
    assert.equal(v.policy, 'upsert-only');
    assert.equal(v.txtOwnerId, 'aos-dev');
    assert.deepEqual(v.serviceAccount, { create: false, name: 'external-dns' });
  });

  it('external-secrets with a ClusterSecretStore for SSM Parameter Store', () => {
    const v = valuesOf(dev, 'external-secrets');
    assert.equal(v.installCRDs, true);
    assert.deepEqual(v.serviceAccount, { create: false, name: 'external-secrets' });
    const store = JSON.parse(chartResources(dev).get('parameter-store')!.resource.Properties.Manifest)[0];
    assert.equal(store.kind, 'ClusterSecretStore');
    assert.deepEqual(store.spec.provider.aws, { service: 'ParameterStore', region: 'eu-west-1' });
  });

  it('reloader, the shared ALB ingress group, and echo-server routed through the application\'s HTTPS gateway', () => {
    assert.equal(valuesOf(dev, 'reloader').reloader.watchGlobally, true);
    const group = JSON.parse(chartResources(dev).get('alb-ingress-group')!.resource.Properties.Manifest);
    assert.deepEqual(group.map((o: any) => o.kind), ['IngressClassParams', 'IngressClass']);
    assert.equal(group[0].spec.group.name, 'aos-dev');
    const echo = JSON.parse(chartResources(dev).get('echo-server')!.resource.Properties.Manifest);
    const kinds = echo.map((o: any) => o.kind);
    // No Gateway of its own: a second server for the same hosts on 443 would be dropped by Istio.
    assert.deepEqual(kinds, ['Namespace', 'Deployment', 'PodDisruptionBudget', 'Service', 'VirtualService']);
    assert.equal(echo[0].metadata.labels['istio.io/dataplane-mode'], 'ambient');
    assert.deepEqual(echo[4].spec.gateways, [`${dev.model.application.namespace}/${dev.model.application.release}-public`]);
    assert.deepEqual(echo[4].spec.hosts, dev.model.application.hosts);
    assert.deepEqual(echo[4].spec.http[0].match, [{ uri: { exact: '/echo' } }, { uri: { prefix: '/echo/' } }]);
    const container = echo[1].spec.template.spec.containers[0];
    assert.equal(container.securityContext.readOnlyRootFilesystem, true);
    assert.ok(container.resources.limits && container.readinessProbe && container.livenessProbe);
  });
});

describe('availability of platform controllers (item 8)', () => {
  const at = (values: any, path: string) => path.split('.').reduce((node: any, key) => node?.[key], values);

  it('every workload runs two or more replicas under a disruption budget, or says why not', () => {
    for (const s of [dev, prod]) {
      for (const entry of s.model.charts.entries.filter((e) => e.helm)) {
        const spec = CHART_CATALOG.find((c) => c.id === entry.id);
        assert.ok(spec?.kind === 'helm');
        const workloads = Object.entries(spec.availability);
        assert.ok(workloads.length > 0, `${entry.id} declares its workloads`);
        const values = valuesOf(s, entry.id);
        for (const [name, a] of workloads) {
          const where = `${s.model.envName} ${entry.id} ${name}`;
          if ('replicas' in a) {
            const replicas = at(values, a.replicas);
            assert.ok(typeof replicas === 'number' && replicas >= 2, `${where}: ${a.replicas} = ${replicas}`);
            const budget = at(values, a.disruptionBudget);
            assert.ok(budget && typeof budget === 'object', `${where}: ${a.disruptionBudget} is set`);
            assert.notEqual(budget.enabled, false, where);
            assert.ok(budget.minAvailable !== undefined || budget.maxUnavailable !== undefined, where);
            // A budget that keeps every replica would block every node drain.
            if (typeof budget.minAvailable === 'number') assert.ok(budget.minAvailable < replicas, where);
          } else {
            const reason = 'singleReplica' in a ? a.singleReplica : 'perNode' in a ? a.perNode : a.noPods;
            assert.ok(reason.length >= 9, `${where} gives a reason`);
          }
        }
      }
    }
  });

  it('the controllers the issue names: replicated where they can lead-elect, one replica with a reason where they cannot', () => {
    const availability = (id: string) => {
      const spec = CHART_CATALOG.find((c) => c.id === id);
      return spec?.kind === 'helm' ? spec.availability : assert.fail(id);
    };
    for (const id of ['cluster-autoscaler', 'reloader', 'external-secrets']) assert.ok('replicas' in Object.values(availability(id))[0], id);
    assert.ok('singleReplica' in availability('external-dns').controller);
    assert.ok('singleReplica' in availability('prometheus').server);
    assert.equal(valuesOf(dev, 'reloader').reloader.enableHA, true, 'reloader runs two replicas only with leader election');
    assert.equal(valuesOf(dev, 'external-secrets').leaderElect, true);
  });
});

describe('image mirror', () => {
  it('with the mirror on, no chart value or manifest points at a public registry', () => {
    for (const s of [dev, prod]) {
      assert.ok(s.model.charts.mirror.enabled);
      for (const [id, { resource }] of chartResources(s)) {
        const texts = resource.Type === HELM ? strings(valuesOf(s, id)) : strings(JSON.parse(resource.Properties.Manifest));
        for (const text of texts) {
          for (const host of PUBLIC_REGISTRY_HOSTS) assert.ok(!text.startsWith(host), `${s.model.envName} ${id}: ${text}`);
        }
      }
    }
    assert.equal(valuesOf(dev, 'istiod').global.hub, '111111111111.dkr.ecr.eu-west-1.amazonaws.com/dev/docker-hub/istio');
    assert.equal(valuesOf(dev, 'metrics-server').image.repository, '111111111111.dkr.ecr.eu-west-1.amazonaws.com/dev/k8s/metrics-server/metrics-server');
  });

  it('overrides every image the catalog declares', () => {
    for (const entry of CHART_CATALOG) {
      if (entry.kind !== 'helm' || !chartResources(dev).has(entry.id)) continue;
      const v = valuesOf(dev, entry.id);
      for (const ref of entry.images) {
        const value = ref.path.split('.').reduce((node: any, key) => node?.[key], v);
        assert.match(String(value), /^111111111111\.dkr\.ecr\.eu-west-1\.amazonaws\.com\/dev\//, `${entry.id} ${ref.path}`);
      }
    }
  });

  it('creates one encrypted pull-through rule per registry used, with credentials where required', () => {
    const rules = ofType(dev.templates.charts, 'AWS::ECR::PullThroughCacheRule').map(([, r]) => r.Properties);
    assert.deepEqual(rules.map((r) => r.EcrRepositoryPrefix).sort(), ['dev/docker-hub', 'dev/ecr-public', 'dev/github', 'dev/k8s', 'dev/quay']);
    const hub = rules.find((r) => r.UpstreamRegistry === 'docker-hub');
    assert.equal(hub.UpstreamRegistryUrl, 'registry-1.docker.io');
    assert.match(hub.CredentialArn, /:secret:ecr-pullthroughcache\//);
    assert.equal(rules.find((r) => r.UpstreamRegistry === 'k8s').CredentialArn, undefined);
    for (const [, t] of ofType(dev.templates.charts, 'AWS::ECR::RepositoryCreationTemplate')) {
      assert.deepEqual(t.Properties.AppliedFor, ['PULL_THROUGH_CACHE']);
      assert.deepEqual(t.Properties.EncryptionConfiguration, { EncryptionType: 'KMS' });
    }
  });

  it('lets the nodes and Fargate create cached repositories under the mirror prefixes only', () => {
    const [, policy] = ofType(dev.templates.charts, 'AWS::IAM::ManagedPolicy')[0];
    const [st] = policy.Properties.PolicyDocument.Statement;
    assert.deepEqual([st.Action].flat().sort(), ['ecr:BatchImportUpstreamImage', 'ecr:CreateRepository']);
    assert.deepEqual(
      [st.Resource].flat().map((r: any) => evaluate(r)).sort(),
      ['docker-hub', 'ecr-public', 'github', 'k8s', 'quay'].map((p) => `arn:aws:ecr:eu-west-1:111111111111:repository/dev/${p}/*`),
    );
    // The managed node group's role, Karpenter's node role and the Fargate pod execution role.
    const roles = policy.Properties.Roles.map((r: any) => JSON.stringify(r));
    assert.equal(roles.length, 3);
    assert.match(roles[0], /aos-dev-cluster.*NodesNodeRole/);
    assert.match(roles[1], /aos-dev-cluster.*KarpenterNodeRole/);
    assert.match(roles[2], /aos-dev-cluster.*PodExecutionRole/);
  });

  it('with the mirror off, values name the public registries and no rule exists', () => {
    const off = synth('dev', (d) => (d.imageMirror = { enabled: false }));
    assert.equal(ofType(off.templates.charts, 'AWS::ECR::PullThroughCacheRule').length, 0);
    assert.equal(ofType(off.templates.charts, 'AWS::IAM::ManagedPolicy').length, 0);
    assert.equal(valuesOf(off, 'istiod').global.hub, 'docker.io/istio');
    assert.equal(valuesOf(off, 'aws-load-balancer-controller').image.repository, 'public.ecr.aws/eks/aws-load-balancer-controller');
  });
});

describe('chart toggles', () => {
  it('turning an optional chart off removes its release and its role', () => {
    const off = synth('dev', (d) => (d.charts = { ...d.charts, 'external-secrets': { enabled: false }, 'parameter-store': { enabled: false } }));
    assert.ok(!chartResources(off).has('external-secrets'));
    assert.ok(!chartResources(off).has('parameter-store'));
    assert.ok(!off.model.identity.roles.some((r) => r.id === 'external-secrets'));
    const roleNames = ofType(off.templates.cluster, 'AWS::IAM::Role').map(([, r]) => r.Properties.RoleName);
    assert.ok(!roleNames.includes('aos-dev-external-secrets'));
    assert.ok(roleNames.includes('aos-dev-external-dns'));
  });

  it('turning Fluent Bit off removes its release, its role and the pod log group', () => {
    const off = synth('dev', (d) => (d.charts = { ...d.charts, 'aws-for-fluent-bit': { enabled: false } }));
    assert.ok(!chartResources(off).has('aws-for-fluent-bit'));
    assert.ok(!off.model.identity.roles.some((r) => r.id === 'aws-for-fluent-bit'));
    assert.equal(off.model.charts.containerLogGroup, undefined);
    assert.equal(ofType(off.templates.charts, 'AWS::Logs::LogGroup').length, 0);
    assert.equal(ofType(off.templates.charts, 'AWS::KMS::Key').length, 0);
  });

  it('prod ships without the echo server, with the RabbitMQ operator its application needs', () => {
    assert.ok(!chartResources(prod).has('echo-server'));
    assert.ok(chartResources(prod).has('rabbitmq-cluster-operator'));
    assert.ok(chartResources(prod).has('istio-ingressgateway'));
  });

  it('the RabbitMQ operator is in the primary phase, before the gateway, its images through the mirror', () => {
    assert.ok(chartDependsOn(dev, 'istio-ingressgateway').includes('rabbitmq-cluster-operator'));
    assert.match(valuesOf(dev, 'rabbitmq-cluster-operator').clusterOperator.image.registry, /dkr\.ecr.*\/dev\/docker-hub$/);
  });
});

describe('chart configuration errors', () => {
  const problems = (patch: (d: any) => void) => {
    const data = environmentData('dev');
    patch(data);
    const result = validateEnvironment(data);
    assert.ok(!result.ok, 'expected the environment to be rejected');
    return result.ok ? [] : result.problems.map((p) => `${p.path}: ${p.message}`);
  };

  it('rejects a chart that depends on a disabled one, naming both and the fix', () => {
    const found = problems((d) => (d.charts['aws-load-balancer-controller'] = { enabled: false }));
    assert.ok(found.some((p) => p.startsWith('charts.istio-ingressgateway: "istio-ingressgateway" depends on "aws-load-balancer-controller", which is disabled: enable charts.aws-load-balancer-controller')), found.join('\n'));
    assert.ok(found.some((p) => p.startsWith('charts.alb-ingress-group:')));
  });

  it('rejects external-dns without a hosted zone', () => {
    const found = problems((d) => {
      delete d.identity.route53ZoneId;
      d.charts['external-dns'] = { enabled: true };
    });
    assert.deepEqual(found.filter((p) => p.startsWith('charts.external-dns')).length, 1);
    assert.match(found.join('\n'), /needs identity\.route53ZoneId/);
  });

  it('turns external-dns off by default when no zone is configured', () => {
    const data = environmentData('dev');
    delete data.identity.route53ZoneId;
    const result = validateEnvironment(data);
    assert.ok(result.ok);
    if (result.ok) {
      assert.ok(!result.model.charts.entries.some((e) => e.id === 'external-dns'));
      assert.ok(!result.model.identity.roles.some((r) => r.id === 'external-dns'));
    }
  });

  it('rejects the mirror without the credentials its registries need', () => {
    const found = problems((d) => delete d.imageMirror.credentials.dockerHub);
    assert.equal(found.length, 1);
    assert.match(found[0], /^imageMirror\.credentials\.dockerHub: required while the mirror is on: istiod, istio-cni, ztunnel, rabbitmq-cluster-operator pull from docker\.io/);
  });

  it('rejects a pull-through secret outside the prefix, region or account', () => {
    assert.match(problems((d) => (d.imageMirror.credentials.dockerHub = 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:dockerhub-AbCdEf')).join('\n'), /named ecr-pullthroughcache\/<name>/);
    assert.match(problems((d) => (d.imageMirror.credentials.dockerHub = 'arn:aws:secretsmanager:us-east-1:111111111111:secret:ecr-pullthroughcache/hub-AbCdEf')).join('\n'), /only from their own region \(eu-west-1\)/);
    assert.match(problems((d) => (d.imageMirror.credentials.dockerHub = 'arn:aws:secretsmanager:eu-west-1:999999999999:secret:ecr-pullthroughcache/hub-AbCdEf')).join('\n'), /account 999999999999/);
  });

  it('rejects an unknown chart id', () => {
    assert.deepEqual(problems((d) => (d.charts.grafana = { enabled: true })).map((p) => p.split(':')[0]), ['charts.grafana']);
    assert.match(problems((d) => (d.charts['cert-manger'] = { enabled: true })).join(), /charts\.cert-manger: unknown field\. Did you mean "cert-manager"\?/);
  });
});

describe('chart catalog and role catalog agree', () => {
  it('each chart\'s role serves that chart, in the chart\'s namespace', async () => {
    const { ROLE_CATALOG } = await import('../src/identity/catalog');
    for (const entry of CHART_CATALOG.filter((e) => e.roleId)) {
      const role = ROLE_CATALOG.find((r) => r.id === entry.roleId) ?? assert.fail(`${entry.id}: no role ${entry.roleId}`);
      assert.equal(role.chart, entry.id, entry.id);
      assert.equal(role.namespace, entry.namespace, `${entry.id} runs where its service account is`);
    }
    for (const role of ROLE_CATALOG.filter((r) => r.chart)) {
      assert.ok(CHART_CATALOG.some((e) => e.id === role.chart && e.roleId === role.id), `${role.id} names chart ${role.chart}`);
    }
  });
});
