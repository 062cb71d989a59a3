/**
 * The modelled deploy: critical paths of small hand-built graphs, the creation graph CloudFormation
 * derives from a template, a stack graph read from an app's assembly (any DAG, an application
 * stack included), and the plan of the shipped environments.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { App, CfnResource, Stack } from 'aws-cdk-lib';
import { schedule, widestPoint } from '../src/plan/critical-path';
import { deployPlan, planStacks, stackSchedule } from '../src/plan/deploy-plan';
import { deployPlanLines, planSummaryLine, readableId } from '../src/plan/deploy-report';
import { minutesOf, RESOURCE_MINUTES, STACK_OVERHEAD, VARIANTS } from '../src/plan/durations';
import { referencedNames, resourceGraph } from '../src/plan/resource-graph';
import { chartResources } from './support/charts';
import { synth } from './support/platform';

describe('critical path of hand-built graphs', () => {
  it('a chain adds up', () => {
    const s = schedule([
      { id: 'c', minutes: 3, after: ['b'] },
      { id: 'a', minutes: 1, after: [] },
      { id: 'b', minutes: 2, after: ['a'] },
    ]);
    assert.equal(s.total, 6);
    assert.deepEqual(s.path, ['a', 'b', 'c']);
    assert.deepEqual(s.timing.get('c'), { start: 3, finish: 6 });
  });

  it('parallel branches: the longer decides, the shorter runs beside it', () => {
    const s = schedule([
      { id: 'a', minutes: 1, after: [] },
      { id: 'long', minutes: 5, after: ['a'] },
      { id: 'short', minutes: 2, after: ['a'] },
      { id: 'd', minutes: 1, after: ['short', 'long'] },
      { id: 'alone', minutes: 4, after: [] },
    ]);
    assert.equal(s.total, 7);
    assert.deepEqual(s.path, ['a', 'long', 'd']);
    assert.deepEqual(s.timing.get('short'), { start: 1, finish: 3 });
    assert.deepEqual(s.timing.get('alone'), { start: 0, finish: 4 });
    assert.equal(widestPoint(s.timing), 3, 'alone, long and short overlap between minute 1 and 3');
  });

  it('refuses a cycle and a dependency on nothing', () => {
    assert.throws(() => schedule([{ id: 'a', minutes: 1, after: ['b'] }, { id: 'b', minutes: 1, after: ['a'] }]), /dependency cycle: a -> b -> a/);
    assert.throws(() => schedule([{ id: 'a', minutes: 1, after: ['ghost'] }]), /"a" waits for "ghost", which is not a task/);
  });

  it('a stack dependency: a stack starts when the stacks it depends on are complete', () => {
    const nat = { Type: 'AWS::EC2::NatGateway', Properties: {} };
    const eks = { Type: 'AWS::EKS::Cluster', Properties: {} };
    const rds = { Type: 'AWS::RDS::DBCluster', Properties: {} };
    const plan = planStacks([
      { name: 'cluster', dependencies: ['network'], template: { Resources: { Cluster: eks } } },
      { name: 'network', dependencies: [], template: { Resources: { Nat: nat } } },
      { name: 'data', dependencies: ['network'], template: { Resources: { Db: rds } } },
    ]);
    const o = STACK_OVERHEAD.minutes;
    const network = o + RESOURCE_MINUTES['AWS::EC2::NatGateway'].minutes;
    const byName = new Map(plan.stacks.map((s) => [s.name, s]));
    assert.equal(byName.get('cluster')!.start, network);
    assert.equal(byName.get('data')!.start, network, 'data beside cluster');
    assert.equal(plan.total, network + o + RESOURCE_MINUTES['AWS::EKS::Cluster'].minutes);
    assert.deepEqual(plan.criticalStacks, ['network', 'cluster']);
    assert.equal(plan.widestPoint, 2);
  });
});

describe('creation graph of a template', () => {
  it('follows DependsOn, Ref, Fn::GetAtt and Fn::Sub, not parameters, pseudo parameters or other stacks', () => {
    const graph = resourceGraph({
      Resources: {
        Vpc: { Type: 'AWS::EC2::VPC' },
        Subnet: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: { Ref: 'Vpc' }, Tags: [{ Key: 'a', Value: { Ref: 'AWS::Region' } }] } },
        Role: { Type: 'AWS::IAM::Role', Properties: { Path: { Ref: 'SomeParameter' } } },
        Fn: {
          Type: 'AWS::Lambda::Function',
          DependsOn: 'Role',
          Properties: {
            Role: { 'Fn::GetAtt': ['Role', 'Arn'] },
            Description: { 'Fn::Sub': ['${Subnet} in ${Vpc.CidrBlock} ${!Literal} ${Local}', { Local: { 'Fn::GetAtt': 'Key.Arn' } }] },
            Layers: [{ 'Fn::GetStackOutput': { StackName: 'other', OutputName: 'Layer' } }],
          },
        },
        Key: { Type: 'AWS::KMS::Key' },
      },
    });
    const after = new Map(graph.map((n) => [n.logicalId, n.after]));
    assert.deepEqual(after.get('Subnet'), ['Vpc']);
    assert.deepEqual(after.get('Role'), []);
    assert.deepEqual(after.get('Fn'), ['Key', 'Role', 'Subnet', 'Vpc']);
    assert.deepEqual([...referencedNames({ 'Fn::Sub': '${AWS::AccountId}-${Bucket}' })].sort(), ['AWS::AccountId', 'Bucket']);
  });

  it('times what a property decides: endpoints, functions in a VPC, Helm charts by name, unknown types', () => {
    assert.equal(minutesOf({ type: 'AWS::EC2::VPCEndpoint', properties: { VpcEndpointType: 'Interface' } }).minutes, VARIANTS.interfaceEndpoint.minutes);
    assert.equal(minutesOf({ type: 'AWS::EC2::VPCEndpoint', properties: { VpcEndpointType: 'Gateway' } }).minutes, VARIANTS.gatewayEndpoint.minutes);
    assert.equal(minutesOf({ type: 'AWS::Lambda::Function', properties: { VpcConfig: {} } }).key, 'Lambda in a VPC');
    assert.equal(minutesOf({ type: 'Custom::AWSCDK-EKS-HelmChart', properties: { Chart: 'karpenter' } }).key, 'Helm chart karpenter');
    assert.equal(minutesOf({ type: 'Custom::AWSCDK-EKS-HelmChart', properties: { Chart: 'reloader' } }).key, 'Helm chart reloader (default)');
    assert.match(minutesOf({ type: 'AWS::Foo::Bar', properties: {} }).key, /not in the table/);
    for (const [type, f] of Object.entries(RESOURCE_MINUTES)) assert.ok(f.source.length > 10 && f.minutes >= 0, type);
  });

  it('a stack is its critical path plus the change set', () => {
    const s = stackSchedule({
      Resources: { A: { Type: 'AWS::EKS::Cluster' }, B: { Type: 'AWS::EKS::Nodegroup', Properties: { ClusterName: { Ref: 'A' } } }, C: { Type: 'AWS::IAM::Role' } },
    });
    assert.equal(s.minutes, STACK_OVERHEAD.minutes + RESOURCE_MINUTES['AWS::EKS::Cluster'].minutes + RESOURCE_MINUTES['AWS::EKS::Nodegroup'].minutes);
    assert.deepEqual(s.path.map((r) => r.logicalId), ['A', 'B']);
  });
});

describe('the stack graph comes from the app', () => {
  it('models any DAG the app records, an application stack after charts and data included', () => {
    const app = new App({ builtinCloudFormationValidation: false });
    const stack = (name: string, type: string, deps: Stack[]) => {
      const s = new Stack(app, name);
      new CfnResource(s, 'Thing', { type });
      for (const d of deps) s.addDependency(d);
      return s;
    };
    const network = stack('network', 'AWS::EC2::NatGateway', []);
    const data = stack('data', 'AWS::RDS::DBCluster', [network]);
    const cluster = stack('cluster', 'AWS::EKS::Cluster', [network]);
    const charts = stack('charts', 'Custom::AWSCDK-EKS-HelmChart', [cluster]);
    stack('application', 'Custom::AWSCDK-EKS-HelmChart', [charts, data]);
    const plan = deployPlan(app.synth());
    const at = new Map(plan.stacks.map((s) => [s.name, s]));
    assert.equal(at.get('data')!.start, at.get('network')!.finish);
    assert.equal(at.get('cluster')!.start, at.get('network')!.finish);
    assert.equal(at.get('application')!.start, Math.max(at.get('charts')!.finish, at.get('data')!.finish));
    assert.deepEqual(plan.criticalStacks, ['network', 'cluster', 'charts', 'application']);
    assert.equal(plan.widestPoint, 2);
  });
});

describe('the plan of the shipped environments', () => {
  for (const env of ['dev', 'prod']) {
    it(`${env}: every stack starts when the stacks it depends on end, and the critical path follows them`, () => {
      const s = synth(env);
      const plan = deployPlan(s.assembly);
      const at = new Map(plan.stacks.map((p) => [p.name, p]));
      assert.equal(plan.stacks.length, s.assembly.stacks.length);
      for (const p of plan.stacks) {
        assert.equal(p.start, Math.max(0, ...p.dependencies.map((d) => at.get(d)!.finish)), p.name);
        assert.ok(p.minutes > STACK_OVERHEAD.minutes && p.unknownTypes.length === 0, `${p.name}: ${p.unknownTypes}`);
      }
      for (let i = 1; i < plan.criticalStacks.length; i++) assert.ok(at.get(plan.criticalStacks[i])!.dependencies.includes(plan.criticalStacks[i - 1]));
      assert.equal(plan.total, at.get(plan.criticalStacks[plan.criticalStacks.length - 1])!.finish);
      const lines = deployPlanLines(plan, env).join('\n');
      assert.match(lines, new RegExp(`Deploy plan of ${env}: ${plan.total.toFixed(1)} modelled minutes`));
      assert.match(planSummaryLine(plan, `aos-${env}-`), /^\d+\.\d min \((within|over) the 30-minute target.*\); critical path network \d/);
      // The charts wait for the cluster only: they start the moment it ends, whatever the data services do.
      assert.equal(at.get(`aos-${env}-charts`)!.start, at.get(`aos-${env}-cluster`)!.finish);
      assert.ok(at.get(`aos-${env}-charts`)!.start < at.get(`aos-${env}-data`)!.finish, 'the charts install while the databases are still being created');
    });
  }

  it('dev: the critical path is network, cluster, charts; the data services and the application layer finish beside the charts', () => {
    const plan = deployPlan(synth('dev').assembly);
    const at = new Map(plan.stacks.map((p) => [p.name, p]));
    assert.deepEqual(plan.criticalStacks, ['aos-dev-network', 'aos-dev-cluster', 'aos-dev-charts']);
    assert.equal(at.get('aos-dev-application')!.start, at.get('aos-dev-data')!.finish, 'without a version it waits for the data stack only');
    assert.ok(at.get('aos-dev-application')!.finish < plan.total);
    assert.match(deployPlanLines(plan, 'dev').join('\n'), /EksCluster\s+AWS::EKS::Cluster/);
  });

  it('prod: the critical path is network, data, application: Aurora\'s reader is created after its writer (aws-cdk-lib\'s order, kept)', () => {
    const plan = deployPlan(synth('prod').assembly);
    assert.deepEqual(plan.criticalStacks, ['aos-prod-network', 'aos-prod-data', 'aos-prod-application']);
    const data = plan.stacks.find((p) => p.name === 'aos-prod-data')!;
    const instances = data.path.filter((r) => r.type === 'AWS::RDS::DBInstance').map((r) => readableId(r.logicalId));
    assert.deepEqual(instances, ['AuroraClusterwriter', 'AuroraClusterreader1']);
    assert.match(deployPlanLines(plan, 'prod').join('\n'), /AuroraClusterreader1\s+AWS::RDS::DBInstance/);
  });

  it('dev with a version: the application release waits for the charts stack and the data stack', () => {
    const plan = deployPlan(synth('dev', undefined, { appVersion: '1.0.0' }).assembly);
    const at = new Map(plan.stacks.map((p) => [p.name, p]));
    const app = at.get('aos-dev-application')!;
    assert.equal(app.start, Math.max(at.get('aos-dev-charts')!.finish, at.get('aos-dev-data')!.finish));
    assert.deepEqual(plan.criticalStacks.slice(-2), ['aos-dev-charts', 'aos-dev-application']);
    assert.equal(app.path[app.path.length - 1].type, 'Custom::AWSCDK-EKS-HelmChart', 'the release ends the stack');
  });

  it('dev: no add-on waits for the kubectl provider, so the node group starts as soon as its add-ons are up', () => {
    const graph = resourceGraph(synth('dev').templates.cluster);
    for (const n of graph.filter((r) => r.type === 'AWS::EKS::Addon')) {
      assert.deepEqual(n.after.filter((d) => /KubectlProvider|KubectlReadyBarrier/.test(d)), [], n.logicalId);
    }
    const cluster = stackSchedule(synth('dev').templates.cluster);
    assert.deepEqual(
      cluster.path.map((r) => r.type).filter((t) => t.startsWith('AWS::EKS')),
      ['AWS::EKS::Cluster', 'AWS::EKS::Addon', 'AWS::EKS::Nodegroup', 'AWS::EKS::Addon'],
    );
  });

  it('dev: Istio\'s chain on the charts stack\'s critical path is base, cni, ztunnel, then the gateway; no controller or StorageClass in front', () => {
    const s = synth('dev');
    const ids = new Map([...chartResources(s)].map(([id, r]) => [r.logicalId, id]));
    const steps = stackSchedule(s.templates.charts).path;
    const path = steps.map((r) => ids.get(r.logicalId)).filter((id) => id !== undefined);
    assert.deepEqual(path, ['istio-base', 'istio-cni', 'ztunnel', 'istio-ingressgateway', 'echo-server']);
    assert.ok(!steps.some((r) => /StorageClasses/.test(r.logicalId)), 'the StorageClasses are off the path: only Prometheus waits for them');
    assert.equal(readableId('EksClusterB2BDED5B'), 'EksCluster');
  });
});
