/**
 * Upgrades: the support policy and the node group's pinned release in the template, a 1.36
 * environment that synthesizes with the 1.36 kubectl layer, add-ons and charts, and the upgrade
 * plan (steps in order, refusal to skip a minor, removed APIs, the command).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { planSteps } from '../src/upgrade/plan-text';
import { planUpgrade, removedApiUses } from '../src/upgrade/plan';
import { validateEnvironment } from '../src/config/load';
import { valuesOf } from './support/charts';
import { environmentData, on136, only, ofType, synth } from './support/platform';

const ROOT = resolve(__dirname, '..');
const dev = synth('dev');
const dev136 = synth('dev', on136);
/** dev with extended support, a percentage update and no pinned release (dev retains no data). */
const variant = synth('dev', (d) => {
  d.cluster.upgradePolicy = { supportType: 'EXTENDED' };
  d.nodeGroup.update = { maxUnavailablePercentage: 34 };
  delete d.nodeGroup.releaseVersion;
});

describe('cluster support policy', () => {
  it('keeps the cluster in standard support unless the file decides otherwise', () => {
    assert.deepEqual(only(dev.templates.cluster, 'AWS::EKS::Cluster')[1].Properties.UpgradePolicy, { SupportType: 'STANDARD' });
    const data = environmentData('dev');
    delete data.cluster.upgradePolicy;
    const defaulted = validateEnvironment(data);
    assert.ok(defaulted.ok && defaulted.model.cluster.upgradePolicy.supportType === 'STANDARD', 'STANDARD by default');
  });

  it('writes EXTENDED only when the file asks for it', () => {
    assert.deepEqual(only(variant.templates.cluster, 'AWS::EKS::Cluster')[1].Properties.UpgradePolicy, { SupportType: 'EXTENDED' });
  });
});

describe('managed node group release', () => {
  it('pins the Bottlerocket release of the file, follows the cluster minor and rolls one node at a time', () => {
    const [, ng] = only(dev.templates.cluster, 'AWS::EKS::Nodegroup');
    assert.equal(ng.Properties.ReleaseVersion, '1.62.1-ea1afdd6');
    assert.equal(ng.Properties.Version, '1.35');
    assert.equal(ng.Properties.AmiType, 'BOTTLEROCKET_x86_64');
    assert.deepEqual(ng.Properties.UpdateConfig, { MaxUnavailable: 1 });
  });

  it('takes a percentage instead, and omits the release when the file does not pin one', () => {
    const [, ng] = only(variant.templates.cluster, 'AWS::EKS::Nodegroup');
    assert.deepEqual(ng.Properties.UpdateConfig, { MaxUnavailablePercentage: 34 });
    assert.equal(ng.Properties.ReleaseVersion, undefined);
  });
});

describe('Kubernetes 1.36 environment', () => {
  const cluster = only(dev136.templates.cluster, 'AWS::EKS::Cluster')[1];

  it('creates a 1.36 control plane with the 1.36 kubectl layer (one copy)', () => {
    assert.equal(cluster.Properties.Version, '1.36');
    const layers = ofType(dev136.templates.cluster, 'AWS::Lambda::LayerVersion').filter(([, l]) => /kubectl/.test(String(l.Properties.Description)));
    assert.deepEqual(layers.map(([, l]) => l.Properties.Description), ['/opt/kubectl/kubectl 1.36.3; /opt/helm/helm 4.2.3']);
    const layers135 = ofType(dev.templates.cluster, 'AWS::Lambda::LayerVersion').filter(([, l]) => /kubectl/.test(String(l.Properties.Description)));
    assert.equal(layers135.length, 1);
    assert.match(layers135[0][1].Properties.Description, /kubectl 1\.35/);
  });

  it('installs the 1.36 add-on builds, the file\'s where none is verified', () => {
    const addons = Object.fromEntries(ofType(dev136.templates.cluster, 'AWS::EKS::Addon').map(([, a]) => [a.Properties.AddonName, a.Properties.AddonVersion]));
    assert.deepEqual(addons, {
      'vpc-cni': 'v1.22.1-eksbuild.2',
      'kube-proxy': 'v1.36.0-eksbuild.14',
      coredns: 'v1.14.3-eksbuild.3',
      'aws-ebs-csi-driver': 'v1.60.0-eksbuild.1',
      'aws-efs-csi-driver': 'v3.2.0-eksbuild.1',
    });
    assert.equal(only(dev136.templates.cluster, 'AWS::EKS::Nodegroup')[1].Properties.Version, '1.36');
  });

  it('runs the charts that support 1.36: Karpenter 1.13.1, the 1.36 autoscaler', () => {
    assert.equal(dev136.model.charts.entries.find((e) => e.id === 'karpenter')!.helm!.version, '1.13.1');
    assert.equal(valuesOf(dev136, 'cluster-autoscaler').image.tag, 'v1.36.1');
    assert.equal(valuesOf(dev, 'cluster-autoscaler').image.tag, 'v1.35.2');
  });
});

describe('upgrade plan', () => {
  const plan = (env: string, to: string, patch: (d: any) => void = () => {}) => {
    const data = environmentData(env);
    patch(data);
    return planUpgrade(data, to);
  };

  it('1.35 -> 1.36 (dev): fix the file, move Karpenter first, then one deploy in CloudFormation order, then the API check', () => {
    const r = plan('dev', '1.36');
    assert.ok(r.ok);
    if (!r.ok) return;
    const steps = planSteps(r.plan);
    assert.deepEqual(
      steps.map((s) => s.title.split(':')[0]),
      [
        'Fix the file',
        'While still on 1.35, set cluster.upgradePolicy.prepareFor to "1.36" and deploy',
        'Set cluster.kubernetesVersion to "1.36" (remove prepareFor) and deploy. CloudFormation applies, in this order',
        'Check the APIs the platform applies against the removals of 1.36',
      ],
    );
    assert.deepEqual(r.plan.blockers.map((b) => b.path), ['addons.vpc-cni', 'addons.aws-ebs-csi-driver', 'addons.aws-efs-csi-driver']);
    assert.deepEqual(r.plan.moveFirst.map((m) => `${m.name} ${m.from}->${m.to}`), ['karpenter-crd 1.11.1->1.13.1', 'karpenter 1.11.1->1.13.1']);
    const deploy = steps[2].lines;
    const order = ['control plane 1.35 -> 1.36', 'add-ons the nodes need: vpc-cni', 'node group aos-dev-bottlerocket: Kubernetes 1.35 -> 1.36 on Bottlerocket 1.62.1-ea1afdd6', 'other add-ons, once the nodes run: coredns', 'charts stack, after the cluster stack: cluster-autoscaler 9.57.0', 'Karpenter drift: bottlerocket@v1.62.1'];
    assert.deepEqual(deploy.map((l, i) => l.startsWith(order[i])), order.map(() => true), deploy.join('\n'));
    assert.match(deploy[1], /kube-proxy v1\.35\.3-eksbuild\.13 -> v1\.36\.0-eksbuild\.14/);
    assert.match(deploy[4], /image\.tag v1\.35\.2 -> v1\.36\.1/);
    assert.match(deploy[5], /spot \(budgets 20%; expireAfter 168h\)/);
    assert.deepEqual(r.plan.removedApis, []);
    assert.equal(r.plan.standardSupportEnds.from, '2027-03-27');
  });

  it('has nothing to fix or prepare once the file names the builds and prepares the minor', () => {
    const r = plan('prod', '1.36', (d) => {
      d.addons = { 'vpc-cni': 'v1.22.1-eksbuild.2', 'aws-ebs-csi-driver': 'v1.60.0-eksbuild.1', 'aws-efs-csi-driver': 'v3.2.0-eksbuild.1' };
      d.karpenter.enabled = true;
      d.cluster.upgradePolicy.prepareFor = '1.36';
    });
    assert.ok(r.ok);
    if (!r.ok) return;
    assert.deepEqual(r.plan.blockers, []);
    assert.ok(r.plan.prepared);
    assert.match(planSteps(r.plan)[0].title, /already moved \(cluster\.upgradePolicy\.prepareFor is "1\.36"\)/);
  });

  it('refuses to skip a minor, to go back, or to go where nothing is catalogued', () => {
    const skip = plan('prod', '1.37');
    assert.ok(!skip.ok && /EKS upgrades one minor at a time: 1\.35 -> 1\.37 skips 1\.36\. Plan and deploy --to 1\.36 first, then 1\.37/.test(skip.message));
    const same = plan('prod', '1.35');
    assert.ok(!same.ok && /already on 1\.35; EKS cannot downgrade/.test(same.message));
    const next = plan('prod', '1.37', on136);
    assert.ok(!next.ok && /Kubernetes 1\.37 is not catalogued \(catalogued: 1\.35, 1\.36\)/.test(next.message));
  });

  it('flags objects the platform applies with an API the target removed', () => {
    const loaded = validateEnvironment(environmentData('dev'));
    assert.ok(loaded.ok);
    if (!loaded.ok) return;
    const legacy = { id: 'legacy', manifests: [{ apiVersion: 'policy/v1beta1', kind: 'PodDisruptionBudget', metadata: { name: 'x' } }] };
    const model = { ...loaded.model, charts: { ...loaded.model.charts, entries: [...loaded.model.charts.entries, legacy as any] } };
    assert.deepEqual(removedApiUses(model, '1.36').map((u) => `${u.source} ${u.apiVersion} ${u.kind} ${u.removal.removedIn} ${u.removal.replacement}`), [
      'charts.legacy policy/v1beta1 PodDisruptionBudget 1.25 policy/v1 (PodSecurityPolicy: Pod Security Admission)',
    ]);
    assert.deepEqual(removedApiUses(loaded.model, '1.36'), []);
  });

  it('npm run upgrade-plan prints the plan, and refuses a skip with exit code 1', () => {
    const ok = spawnSync(process.execPath, ['--import', 'tsx', 'bin/upgrade-plan.ts', '-c', 'env=prod', '--to', '1.36'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /^Upgrade plan for prod: Kubernetes 1\.35 -> 1\.36/);
    assert.match(ok.stdout, /\n2\. Set cluster\.kubernetesVersion to "1\.36" and deploy/);
    const skip = spawnSync(process.execPath, ['--import', 'tsx', 'bin/upgrade-plan.ts', '-c', 'env=prod', '--to', '1.37'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(skip.status, 1);
    assert.match(skip.stderr, /^Upgrade refused: EKS upgrades one minor at a time/);
    assert.doesNotMatch(skip.stderr, /\n\s+at /, 'no stack trace');
  });
});
