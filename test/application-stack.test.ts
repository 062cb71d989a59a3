/**
 * The application stack as synthesized: its place in the deployment order, the chart asset, the
 * application roles, namespace, service accounts and secrets, the images it runs, and what it
 * keeps without a version.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Stack } from 'aws-cdk-lib';
import { APPLICATION_ACCOUNTS } from '../src/application/rules';
import { releaseValues } from './support/application';
import { evaluate } from './support/intrinsics';
import { ofType, only, synth, type Synthesized } from './support/platform';

const VERSION = '3f2c1a9';
const HELM = 'Custom::AWSCDK-EKS-HelmChart';
const variants: Record<string, Synthesized> = { 'dev irsa': synth('dev', undefined, { appVersion: VERSION }) };
const read = (s: Synthesized, v: unknown) => evaluate(v, {}, s.producers);

describe('application stack', () => {
  const s = variants['dev irsa'];
  const app = s.platform.application;

  it('with a version, deploys after the charts and data stacks (and the cluster it reads); the cluster stack needs only the network', () => {
    assert.deepEqual(app.dependencies.map((d) => d.stackName).sort(), [s.platform.charts.stackName, s.platform.cluster.stackName, s.platform.data.stackName].sort());
    assert.deepEqual(s.platform.cluster.dependencies.map((d) => d.stackName), [s.platform.network.stackName]);
    assert.deepEqual(s.platform.data.dependencies.map((d) => d.stackName), [s.platform.network.stackName]);
  });

  it('installs the chart of this repository from an asset of the cloud assembly, after the namespace, accounts and secrets', () => {
    const [id, release] = only(s.templates.application, HELM);
    assert.equal(release.Properties.Repository, undefined, 'no chart repository');
    assert.equal(release.Properties.Chart, undefined);
    assert.match(JSON.stringify(release.Properties.ChartAssetURL), /s3:\/\/cdk-[a-z0-9]+-assets-111111111111-eu-west-1\/[0-9a-f]{64}\.zip/);
    assert.deepEqual([release.Properties.Release, release.Properties.Namespace, release.Properties.Wait, release.Properties.Timeout, release.Properties.CreateNamespace], ['aos', 'dev', true, '600s', undefined]);
    const hash = JSON.stringify(release.Properties.ChartAssetURL).match(/([0-9a-f]{64})\.zip/)![1];
    const staged = join(s.assembly.directory, `asset.${hash}`);
    assert.ok(existsSync(join(staged, 'Chart.yaml')) && existsSync(join(staged, 'values.schema.json')), 'the chart directory is staged as the asset');
    // The namespace and service accounts, and the secrets the pods mount. The `efs` class is not a
    // dependency: InfluxDB2 mounts a static volume on its access point, with no class.
    const efsClass = Stack.of(app).getLogicalId(app.fileStorageClasses.manifest.node.findChild('Resource').node.defaultChild as any);
    const manifests = ofType(s.templates.application, 'Custom::AWSCDK-EKS-KubernetesResource').map(([mid]) => mid).filter((mid) => mid !== efsClass);
    const secrets = ofType(s.templates.application, 'AWS::SecretsManager::Secret').map(([sid]) => sid);
    assert.ok(manifests.length > 0 && secrets.length > 0);
    for (const dep of [...manifests, ...secrets]) assert.ok(release.DependsOn.includes(dep), `${id} after ${dep}`);
  });

  it('holds the seven application roles; the cluster stack holds none', () => {
    const names = (t: any) => ofType(t, 'AWS::IAM::Role').map(([, r]) => r.Properties.RoleName).filter((n: unknown) => typeof n === 'string');
    const appRoles = s.model.identity.roles.filter((r) => r.kind === 'application').map((r) => r.roleName);
    assert.equal(appRoles.length, 7);
    assert.deepEqual(names(s.templates.application).sort(), [...appRoles].sort());
    for (const n of appRoles) assert.ok(!names(s.templates.cluster).includes(n), n);
  });

  it('creates the namespace with Pod Security restricted and ambient enrollment, and the service accounts in it', () => {
    const objects = ofType(s.templates.application, 'Custom::AWSCDK-EKS-KubernetesResource').flatMap(([, r]) => JSON.parse(evaluate(r.Properties.Manifest, {})));
    const ns = objects.find((o: any) => o.kind === 'Namespace');
    assert.equal(ns.metadata.name, 'dev');
    assert.equal(ns.metadata.labels['pod-security.kubernetes.io/enforce'], 'restricted');
    assert.equal(ns.metadata.labels['istio.io/dataplane-mode'], 'ambient');
    assert.deepEqual(objects.filter((o: any) => o.kind === 'ServiceAccount').map((o: any) => o.metadata.name).sort(), [...APPLICATION_ACCOUNTS].sort());
  });

  it('creates the application\'s own secrets under <project>/<env>/ with the data key', () => {
    const secrets = ofType(s.templates.application, 'AWS::SecretsManager::Secret').map(([, r]) => r);
    assert.deepEqual(secrets.map((r) => r.Properties.Name).sort(), ['aos/dev/influxdb-admin-password', 'aos/dev/influxdb-admin-token', 'aos/dev/jwt-signing-key']);
    const dataKey = read(s, Stack.of(s.platform.data).resolve(s.platform.data.resourceArns['key:data']));
    for (const r of secrets) {
      assert.equal(read(s, r.Properties.KmsKeyId), dataKey);
      assert.equal(r.Properties.SecretString, undefined, 'generated, never written');
    }
  });

  it('runs every service from the data stack\'s repositories at the version', () => {
    const values = releaseValues(s);
    for (const svc of values.services) {
      const image = s.model.application.services.find((x) => x.name === svc.name)!.image;
      const repo = s.platform.data.registry.repositories.get(image)!;
      const id = Stack.of(repo).getLogicalId(repo.node.defaultChild as any);
      const name = s.model.data.registry.repositories.find((r) => r.image === image)!.name;
      // The data stack's output, rendered as CloudFormation will once the repository exists.
      const uri = evaluate(s.templates.data.Outputs[`Repository${image.split('-').map((w: string) => w[0].toUpperCase() + w.slice(1)).join('')}`].Value, {
        [`${id}.Arn`]: `arn:aws:ecr:eu-west-1:111111111111:repository/${name}`,
        'AWS::URLSuffix': 'amazonaws.com',
        [id]: name,
      });
      assert.equal(svc.image, `${uri}:${VERSION}`, svc.name);
    }
  });

  it('without a version, keeps the roles, namespace and secrets, deploys no release, and says so; it then reads nothing of the charts stack and deploys beside it', () => {
    const none = synth('dev');
    assert.equal(ofType(none.templates.application, HELM).length, 0);
    assert.deepEqual(none.platform.application.dependencies.map((d) => d.stackName).sort(), [none.platform.cluster.stackName, none.platform.data.stackName].sort());
    assert.ok(!JSON.stringify(none.templates.application).includes(none.platform.charts.stackName), 'no reference to the charts stack');
    assert.equal(ofType(none.templates.application, 'AWS::IAM::Role').filter(([, r]) => typeof r.Properties.RoleName === 'string').length, 7);
    assert.equal(none.templates.application.Outputs.ApplicationVersion.Value, 'not deployed');
  });

  it('turns on NetworkPolicy enforcement in the VPC CNI', () => {
    const [, cni] = ofType(s.templates.cluster, 'AWS::EKS::Addon').find(([, a]) => a.Properties.AddonName === 'vpc-cni')!;
    assert.deepEqual(JSON.parse(cni.Properties.ConfigurationValues), { enableNetworkPolicy: 'true' });
  });
});

