/**
 * The argocd delivery mode (charts.delivery): the same catalog, its values, versions and phase
 * graph delivered as Argo CD Applications of the EKS-managed capability, checked against the
 * CloudFormation mode entry by entry, against the plan's edges, against Argo CD's published
 * schemas, and the capability's role, trust and access entry; and the validation of the mode.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CHART_CATALOG } from '../src/charts/catalog';
import { CHART_IDS } from '../src/charts/chart-ids';
import { validateEnvironment } from '../src/config/load';
import { effectiveDependencies } from '../src/plan/graph';
import { planDoc } from '../src/plan/plan-report';
import { deliveryLines } from '../src/gitops/report';
import { CHART_SETTINGS_KEYS } from '../src/gitops/schema';
import { chartDeliveryProblems, sourceProblems } from '../src/gitops/rules';
import { argoHelmSource } from '../src/gitops/sources';
import { ARGOCD_ACCESS_POLICIES } from '../src/gitops/argocd-access';
import { RESOURCES_FINALIZER, SYNC_WAVE } from '../src/gitops/argocd-objects';
import { releaseValues } from './support/application';
import { HELM, chartResources } from './support/charts';
import { helm, valuesFile } from './support/helm';
import { evaluate } from './support/intrinsics';
import { ADMIN_GROUP, IDC_INSTANCE, appliedObjects, argoObjects, argocd } from './support/gitops';
import { environmentData, ofType, only, synth } from './support/platform';

const VERSION = '3f2c1a9';
const cfn = synth('dev', undefined, { appVersion: VERSION });
// Validation and cdk-nag on: the mode must synthesize as the CLI would deploy it.
const argo = synth('dev', argocd, { appVersion: VERSION, validation: true });
const applications = argoObjects(argo, 'Application');
const wave = (name: string) => Number(applications.get(name)!.object.metadata.annotations[SYNC_WAVE]);

function withoutPruneLabel(object: any): any {
  const labels = Object.fromEntries(Object.entries(object.metadata.labels ?? {}).filter(([k]) => !k.startsWith('aws.cdk.eks/prune-')));
  const { labels: _, ...metadata } = object.metadata;
  return { ...object, metadata: Object.keys(labels).length > 0 ? { ...metadata, labels } : metadata };
}

function problemsOf(patch: (d: any) => void) {
  const data = environmentData('dev');
  patch(data);
  const result = validateEnvironment(data);
  return result.ok ? [] : result.problems;
}

describe('argocd mode: one Application per catalog entry, as the CloudFormation mode installs it', () => {
  it('has exactly one Application per enabled entry, plus the application chart', () => {
    const entries = argo.model.charts.entries.map((e) => e.id);
    assert.deepEqual([...applications.keys()].sort(), [...entries, argo.model.application.release].sort());
  });

  it('sources each chart from its upstream repository at the pinned version', () => {
    for (const entry of argo.model.charts.entries.filter((e) => e.helm)) {
      const source = applications.get(entry.id)!.object.spec.source;
      assert.equal(source.chart, entry.helm!.chart, entry.id);
      assert.equal(source.targetRevision, entry.helm!.version, entry.id);
      assert.equal(source.helm.releaseName, entry.helm!.release, entry.id);
      assert.ok(entry.helm!.repository === source.repoURL || entry.helm!.repository === `oci://${source.repoURL}/${source.chart}`, entry.id);
    }
    // OCI: the registry path without scheme; Argo CD appends the chart.
    assert.equal(applications.get('karpenter')!.object.spec.source.repoURL, 'public.ecr.aws/karpenter');
    assert.equal(applications.get('rabbitmq-cluster-operator')!.object.spec.source.repoURL, 'registry-1.docker.io/bitnamicharts');
  });

  it('passes every entry exactly the values of the CloudFormation mode, deploy-time values included', () => {
    const cfnCharts = chartResources(cfn);
    let deployTime = 0;
    for (const entry of cfn.model.charts.entries) {
      const app = applications.get(entry.id)!.object;
      const { resource } = cfnCharts.get(entry.id)!;
      if (entry.helm) {
        const expected = JSON.parse(String(evaluate(resource.Properties.Values, {}, cfn.producers)));
        assert.deepEqual(app.spec.source.helm.valuesObject, expected, entry.id);
        if (Object.keys(entry.helm.deployTimeValues).length > 0) deployTime++;
      } else {
        // The CloudFormation applier labels its objects for kubectl's --prune; nothing else differs.
        const expected = JSON.parse(String(evaluate(resource.Properties.Manifest, {}, cfn.producers))).map(withoutPruneLabel);
        assert.deepEqual(app.spec.source.helm.valuesObject, { objects: expected }, entry.id);
      }
    }
    assert.ok(deployTime >= 2, 'the VPC id and the cluster endpoint reach their charts');
    assert.deepEqual(applications.get(argo.model.application.release)!.object.spec.source.helm.valuesObject, releaseValues(cfn));
  });

  it('leaves no Helm release custom resource in any stack', () => {
    for (const [name, template] of Object.entries(argo.templates)) assert.equal(ofType(template, HELM).length, 0, name);
    assert.ok(ofType(cfn.templates.charts, HELM).length > 10);
  });

  it('renders the catalog\'s plain objects unchanged through charts/platform-objects (the real helm), none of them a CRD', () => {
    for (const entry of argo.model.charts.entries.filter((e) => e.manifests)) {
      const app = applications.get(entry.id)!.object;
      assert.equal(app.spec.source.path, 'charts/platform-objects');
      assert.equal(app.spec.source.repoURL, 'https://github.com/example-org/eks-platform.git');
      const run = helm(['template', entry.id, 'charts/platform-objects', '--namespace', entry.namespace, '--values', valuesFile(app.spec.source.helm.valuesObject)]);
      assert.equal(run.status, 0, run.stderr);
      const rendered = run.stdout.split(/^---$/m).map((d) => d.trim()).filter((d) => d && !/^#[^\n]*$/.test(d));
      assert.equal(rendered.length, entry.manifests!.length, entry.id);
      for (const o of entry.manifests!) assert.notEqual((o as any).kind, 'CustomResourceDefinition');
    }
    const crd = helm(['template', 'x', 'charts/platform-objects', '--values', valuesFile({ objects: [{ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'x' } }] })]);
    assert.notEqual(crd.status, 0, 'the chart refuses a CRD: Argo CD prunes it');
  });
});

describe('argocd mode: order, sync policy and deletion', () => {
  it('gives every edge of the phase graph (admission edges included) an increasing sync wave', () => {
    const active = CHART_CATALOG.filter((e) => argo.model.charts.entries.some((r) => r.id === e.id));
    const edges = effectiveDependencies(active);
    let admission = 0;
    for (const entry of argo.model.charts.entries) {
      assert.deepEqual(edges.get(entry.id), [...entry.after].sort(), entry.id);
      for (const dep of entry.after) assert.ok(wave(dep) < wave(entry.id), `${dep} (wave ${wave(dep)}) before ${entry.id} (wave ${wave(entry.id)})`);
      admission += entry.admittedBy.length;
    }
    assert.ok(admission > 0, 'the graph has admission edges');
    const last = Math.max(...argo.model.charts.entries.map((e) => wave(e.id)));
    assert.equal(wave(argo.model.application.release), last + 1, 'the application chart is the last wave');
    assert.deepEqual(argo.model.charts.waves.map((w) => [...new Set(w.map(wave))]), argo.model.charts.waves.map((_, i) => [i]), 'waves are the plan\'s');
  });

  it('creates the Applications in plan order and deletes them in reverse: a DependsOn edge for every edge', () => {
    const byLogical = new Map([...applications].map(([name, a]) => [a.logicalId, name]));
    for (const entry of argo.model.charts.entries) {
      const { resource } = applications.get(entry.id)!;
      const deps = [resource.DependsOn ?? []].flat().filter((d: string) => byLogical.has(d)).map((d: string) => byLogical.get(d));
      assert.deepEqual(deps.sort(), [...entry.after].sort(), entry.id);
    }
  });

  it('syncs automatically with self-heal, retries without limit, prunes only the platform\'s own charts and never a CRD chart', () => {
    for (const [name, { object }] of applications) {
      const policy = object.spec.syncPolicy;
      assert.equal(policy.automated.selfHeal, true, name);
      assert.equal(policy.retry.limit, -1, name);
      assert.ok(policy.syncOptions.includes('ServerSideApply=true'), name);
      assert.ok(policy.syncOptions.includes('RespectIgnoreDifferences=true'), name);
      assert.equal(policy.automated.prune, !object.spec.source.chart, `${name}: prune only for this repository's charts`);
      assert.deepEqual(object.metadata.finalizers, [RESOURCES_FINALIZER], name);
      assert.equal(object.spec.project, 'platform');
      assert.equal(object.metadata.namespace, 'argocd');
    }
    for (const id of ['istio-base', 'karpenter-crd', 'cert-manager']) assert.equal(applications.get(id)!.object.spec.syncPolicy.automated.prune, false, id);
  });

  it('creates a namespace only where the platform does not: kube-system and the identity layer\'s namespaces exist', () => {
    const created = (name: string) => applications.get(name)!.object.spec.syncPolicy.syncOptions.includes('CreateNamespace=true');
    assert.equal(created('aws-load-balancer-controller'), false, 'kube-system');
    assert.equal(created('karpenter'), false, 'the identity layer creates karpenter for its service account');
    assert.equal(created('istio-base'), true, 'istio-system');
    assert.equal(created(argo.model.application.release), false, 'the application namespace is the identity layer\'s');
  });

  it('targets this cluster by ARN, registered by a cluster Secret, inside a project limited to the catalog\'s sources', () => {
    const clusterArn = applications.get('karpenter')!.object.spec.destination.server;
    assert.match(clusterArn, /^<aos-dev-cluster|^<Eks/);
    const setup = appliedObjects(argo, argo.templates.charts).find((m) => m.objects.some((o) => o.kind === 'AppProject'))!;
    const secret = setup.objects.find((o) => o.kind === 'Secret');
    assert.equal(secret.metadata.labels['argocd.argoproj.io/secret-type'], 'cluster');
    assert.equal(secret.stringData.server, clusterArn);
    const project = setup.objects.find((o) => o.kind === 'AppProject');
    assert.deepEqual(project.spec.destinations, [{ server: clusterArn, namespace: '*' }]);
    const repos = new Set([...applications.values()].map((a) => a.object.spec.source.repoURL));
    assert.deepEqual([...repos].sort(), project.spec.sourceRepos);
    for (const entry of argo.model.charts.entries) assert.ok([applications.get(entry.id)!.resource.DependsOn].flat().includes(setup.logicalId), `${entry.id} after the setup`);
    // The application chart's Application is in the application stack, deployed after the charts stack.
    assert.ok(argo.assembly.getStackByName('aos-dev-application').dependencies.some((d) => d.id === 'aos-dev-charts'));
  });
});

describe('argocd mode: objects against Argo CD\'s published schemas', () => {
  it('validates every Application and AppProject (@kubernetes-models/argo-cd) and the cluster Secret (kubernetes-models)', async () => {
    const { Application, AppProject } = await import('@kubernetes-models/argo-cd/argoproj.io/v1alpha1');
    const { Secret } = await import('kubernetes-models/v1/Secret');
    const objects = [...appliedObjects(argo, argo.templates.charts), ...appliedObjects(argo, argo.templates.application)].flatMap((m) => m.objects);
    const counts: Record<string, number> = {};
    for (const o of objects) {
      const Model = o.kind === 'Application' ? Application : o.kind === 'AppProject' ? AppProject : o.kind === 'Secret' && o.metadata.namespace === 'argocd' ? Secret : undefined;
      if (!Model) continue;
      assert.doesNotThrow(() => new (Model as any)(o).validate(), `${o.kind} ${o.metadata.name}`);
      counts[o.kind] = (counts[o.kind] ?? 0) + 1;
    }
    assert.equal(counts.Application, applications.size);
    assert.equal(counts.AppProject, 1);
    assert.equal(counts.Secret, 1);
    // The schema is a real check: a misspelt field of the spec fails it.
    const broken = structuredClone(applications.get('karpenter')!.object);
    broken.spec.syncPolicy.retry.limit = 'forever';
    assert.throws(() => new (Application as any)(broken).validate());
  });
});

describe('argocd mode: the capability, its role and its access entry', () => {
  const [, capability] = only(argo.templates.charts, 'AWS::EKS::Capability');
  const roles = ofType(argo.templates.cluster, 'AWS::IAM::Role').filter(([, r]) => r.Properties.RoleName === 'aos-dev-argocd-capability');

  it('runs Argo CD with Identity Center sign-in, in the namespace the Applications use, keeping what it deployed on delete', () => {
    const p = capability.Properties;
    assert.equal(p.Type, 'ARGOCD');
    assert.equal(p.CapabilityName, 'aos-dev-argocd');
    assert.equal(p.DeletePropagationPolicy, 'RETAIN');
    assert.equal(p.Configuration.ArgoCd.Namespace, 'argocd');
    assert.deepEqual(p.Configuration.ArgoCd.AwsIdc, { IdcInstanceArn: IDC_INSTANCE, IdcRegion: 'eu-west-1' });
    assert.deepEqual(p.Configuration.ArgoCd.RbacRoleMappings, [{ Role: 'ADMIN', Identities: [{ Id: ADMIN_GROUP, Type: 'SSO_GROUP' }] }]);
    assert.match(JSON.stringify(evaluate(p.RoleArn, {}, argo.producers)), /ArgoCdAccessRole/);
  });

  it('has a role only EKS capabilities may assume (AssumeRole and TagSession), with no permissions', () => {
    assert.equal(roles.length, 1);
    const [logicalId, role] = roles[0];
    assert.deepEqual(role.Properties.AssumeRolePolicyDocument.Statement, [
      { Action: ['sts:AssumeRole', 'sts:TagSession'], Effect: 'Allow', Principal: { Service: 'capabilities.eks.amazonaws.com' } },
    ]);
    assert.equal(role.Properties.ManagedPolicyArns, undefined);
    assert.equal(role.Properties.Policies, undefined);
    const attached = ofType(argo.templates.cluster, 'AWS::IAM::Policy').filter(([, p]) => JSON.stringify(p.Properties.Roles ?? []).includes(logicalId));
    assert.deepEqual(attached, []);
  });

  it('has an access entry with the two policies EKS associates and cluster admin, the kubectl provider\'s reach', () => {
    const [logicalId] = roles[0];
    const entries = ofType(argo.templates.cluster, 'AWS::EKS::AccessEntry').filter(([, e]) => JSON.stringify(e.Properties.PrincipalArn).includes(logicalId));
    assert.equal(entries.length, 1);
    const policies = entries[0][1].Properties.AccessPolicies.map((a: any) => [String(evaluate(a.PolicyArn)).split('/').pop(), a.AccessScope]);
    assert.deepEqual(
      policies,
      ARGOCD_ACCESS_POLICIES.map((p) => [p.policy, p.scope === 'cluster' ? { Type: 'cluster' } : { Type: 'namespace', Namespaces: ['argocd'] }]),
    );
    assert.equal(entries[0][1].Properties.Type, 'STANDARD');
  });

  it('waits for the capability\'s Application CRD and namespace before it applies anything', () => {
    const values = ofType(argo.templates.charts, 'Custom::AWSCDK-EKS-KubernetesObjectValue').map(([id, r]) => [id, r.Properties.ObjectType, r.Properties.ObjectName, r]);
    const crd = values.find((v) => v[2] === 'applications.argoproj.io')!;
    assert.ok([crd[3].DependsOn].flat().includes(only(argo.templates.charts, 'AWS::EKS::Capability')[0]));
    assert.ok(values.some((v) => v[1] === 'namespace' && v[2] === 'argocd'));
  });

  it('records the mode in the charts stack and shows it in the summary, the plan and its document', () => {
    assert.equal(argo.templates.charts.Outputs.ChartDelivery.Value, 'argocd');
    assert.equal(cfn.templates.charts.Outputs.ChartDelivery.Value, 'cloudformation');
    assert.match(deliveryLines(argo.model.chartDelivery, argo.model.charts).join('\n'), /Delivery: argocd .*aos-dev-argocd[\s\S]*Applications in namespace argocd[\s\S]*docs\/gitops\.md/);
    assert.match(deliveryLines(cfn.model.chartDelivery, cfn.model.charts).join('\n'), /Delivery: cloudformation[\s\S]*docs\/gitops\.md/);
    assert.match(planDoc(argo.model), /Chart delivery: `argocd`/);
    assert.equal(ofType(cfn.templates.charts, 'AWS::EKS::Capability').length, 0);
    assert.equal(ofType(cfn.templates.cluster, 'AWS::IAM::Role').filter(([, r]) => r.Properties.RoleName?.endsWith?.('-argocd-capability')).length, 0);
  });
});

describe('argocd mode: validation', () => {
  it('requires the Identity Center settings, on the field that lacks them', () => {
    const missing = problemsOf((d) => (d.charts = { ...d.charts, delivery: 'argocd' }));
    assert.deepEqual(missing.map((p) => p.path), ['charts.argocd']);
    assert.match(missing[0].message, /identityCenter\.instanceArn and roleMappings/);
    const noArn = problemsOf((d) => {
      argocd(d);
      delete d.charts.argocd.identityCenter.instanceArn;
    });
    assert.ok(noArn.some((p) => p.path === 'charts.argocd.identityCenter.instanceArn'), JSON.stringify(noArn));
    const badArn = problemsOf((d) => {
      argocd(d);
      d.charts.argocd.identityCenter.instanceArn = 'arn:aws:sso:::instance/ins-x';
    });
    assert.deepEqual(badArn.map((p) => p.path), ['charts.argocd.identityCenter.instanceArn']);
    const noAdmin = problemsOf((d) => {
      argocd(d);
      d.charts.argocd.roleMappings[0].role = 'VIEWER';
    });
    assert.deepEqual(noAdmin.map((p) => p.path), ['charts.argocd.roleMappings']);
    const badGroup = problemsOf((d) => {
      argocd(d);
      d.charts.argocd.roleMappings[0].identities[0].id = 'platform-admins';
    });
    assert.deepEqual(badGroup.map((p) => p.path), ['charts.argocd.roleMappings[0].identities[0].id']);
  });

  it('rejects a chart Argo CD cannot reach, on the chart\'s field', () => {
    const karpenter = CHART_CATALOG.find((e) => e.id === 'karpenter')!;
    const broken = CHART_CATALOG.map((e) => (e.id === 'karpenter' && e.kind === 'helm' ? { ...e, repository: 'oci://public.ecr.aws/karpenter/charts' } : e));
    const enabled = new Set(CHART_CATALOG.map((e) => e.id));
    const problems = sourceProblems(broken, enabled);
    assert.deepEqual(problems.map((p) => p.path), ['charts.karpenter']);
    assert.match(problems[0].message, /must end with the chart name/);
    assert.ok(karpenter.kind === 'helm');
    const data = environmentData('dev');
    argocd(data);
    const s3 = CHART_CATALOG.map((e) => (e.id === 'metrics-server' && e.kind === 'helm' ? { ...e, repository: 's3://charts/metrics' } : e));
    assert.deepEqual(chartDeliveryProblems(data, s3).map((p) => p.path), ['charts.metrics-server']);
    assert.match((argoHelmSource('oci://123456789012.dkr.ecr.eu-west-1.amazonaws.com/charts/x', 'x', '1.0.0') as { problem: string }).problem, /private ECR/);
    // Every shipped entry is readable by Argo CD.
    assert.deepEqual(sourceProblems(CHART_CATALOG, enabled), []);
  });

  it('requires this repository\'s URL when Argo CD must read its charts, outside the commercial partition refuses the mode', () => {
    const noRepo = problemsOf((d) => {
      argocd(d);
      delete d.delivery;
    });
    assert.deepEqual(noRepo.map((p) => p.path), ['charts.argocd.repository.url']);
    assert.match(noRepo[0].message, /charts\/platform-objects/);
    const explicit = problemsOf((d) => {
      argocd(d);
      delete d.delivery;
      d.charts.argocd.repository = { url: 'https://git.example.com/platform/eks-platform.git', revision: 'release-1' };
    });
    assert.deepEqual(explicit, []);
  });

  it('keeps chart ids checked: unknown ids get the closest names, settings keys never collide with an id', () => {
    const typo = problemsOf((d) => (d.charts['cert-manger'] = { enabled: true }));
    assert.match(typo.map((p) => `${p.path}: ${p.message}`).join(), /charts\.cert-manger: unknown field\. Did you mean "cert-manager"\?/);
    const mode = problemsOf((d) => (d.charts.delivry = 'argocd'));
    assert.match(mode.map((p) => `${p.path}: ${p.message}`).join(), /charts\.delivry: unknown field\. Did you mean "delivery"\?/);
    const value = problemsOf((d) => (d.charts.delivery = 'flux'));
    assert.deepEqual(value.map((p) => p.path), ['charts.delivery']);
    for (const key of CHART_SETTINGS_KEYS) assert.ok(!(CHART_IDS as readonly string[]).includes(key), key);
  });
});
