/**
 * Karpenter on Fargate (SPEC section 4) as synthesized: the Fargate profile and the controller on
 * it, the controller's role, the node role and its access entry, the interruption queue and its
 * rules, the EC2NodeClass and NodePools (against Karpenter's v1 API schemas), deletion order,
 * coexistence with the cluster autoscaler, and the settings validation refuses.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateEnvironment } from '../src/config/load';
import { INTERRUPTION_EVENTS } from '../src/karpenter/interruption-queue';
import { chartDependsOn, chartResources, valuesOf } from './support/charts';
import { evaluate } from './support/intrinsics';
import { environmentData, managedPolicyNames, ofType, only, synth, type Synthesized, podIdentity } from './support/platform';

const dev = synth('dev');
const devPodIdentity = synth('dev', podIdentity);
/** prod as its file would be with Karpenter turned on (the shipped prod keeps it off). */
const prodOn = synth('prod', (d) => (d.karpenter.enabled = true));

/** The objects a manifest entry of the charts stack applies. */
function applied(s: Synthesized, id: string): any[] {
  const entry = chartResources(s).get(id) ?? assert.fail(`no ${id}`);
  return JSON.parse(entry.resource.Properties.Manifest);
}

/** The statements of the controller's customer managed policy (split in parts above IAM's size limit). */
function controllerStatements(s: Synthesized): any[] {
  const name = `${s.model.cluster.name}-karpenter`;
  const parts = ofType(s.templates.cluster, 'AWS::IAM::ManagedPolicy').filter(([, p]) => p.Properties.ManagedPolicyName === name || p.Properties.ManagedPolicyName.startsWith(`${name}-`));
  assert.ok(parts.length > 0, 'no controller policy');
  return parts.flatMap(([, p]) => p.Properties.PolicyDocument.Statement);
}

function roleNamed(s: Synthesized, name: string): [string, any] {
  return ofType(s.templates.cluster, 'AWS::IAM::Role').find(([, r]) => r.Properties.RoleName === name) ?? assert.fail(`no role ${name}`);
}

const list = (v: unknown) => [v].flat() as string[];

describe('Karpenter controller on Fargate', () => {
  const t = dev.templates.cluster;
  const [clusterId] = only(t, 'AWS::EKS::Cluster');

  it('has the cluster\'s only Fargate profile, selecting the karpenter namespace in the private subnets', () => {
    const [, profile] = only(t, 'AWS::EKS::FargateProfile');
    assert.equal(profile.Properties.FargateProfileName, 'aos-dev-karpenter');
    assert.deepEqual(profile.Properties.ClusterName, { Ref: clusterId });
    assert.deepEqual(profile.Properties.Selectors, [{ Namespace: 'karpenter' }]);
    // The subnets are the network stack's private ones (followed through the cross-stack outputs).
    const network = dev.templates.network.Resources;
    const subnets = profile.Properties.Subnets.map((s: any) => evaluate(s, {}, dev.producers)).map((ref: string) => ref.replace(/^<|>$/g, ''));
    assert.equal(subnets.length, 3);
    for (const id of subnets) {
      assert.equal(network[id].Type, 'AWS::EC2::Subnet');
      assert.equal(network[id].Properties.MapPublicIpOnLaunch, false, `${id} is private`);
    }
    assert.deepEqual(new Set(subnets.map((id: string) => network[id].Properties.CidrBlock)), new Set(dev.model.network.subnets.map((s) => s.privateCidr)));
  });

  it('runs pods with an execution role only this cluster\'s Fargate profiles may use', () => {
    const [roleId, role] = roleNamed(dev, 'aos-dev-fargate-pods');
    const [, profile] = only(t, 'AWS::EKS::FargateProfile');
    assert.deepEqual(profile.Properties.PodExecutionRoleArn, { 'Fn::GetAtt': [roleId, 'Arn'] });
    const [st] = role.Properties.AssumeRolePolicyDocument.Statement;
    assert.deepEqual(st.Principal, { Service: 'eks-fargate-pods.amazonaws.com' });
    assert.deepEqual(evaluate(st.Condition), { ArnLike: { 'aws:SourceArn': 'arn:aws:eks:eu-west-1:111111111111:fargateprofile/aos-dev/*' } });
    assert.deepEqual(managedPolicyNames(role), ['AmazonEKSFargatePodExecutionRolePolicy']);
  });

  it('installs the controller where the profile schedules it, with the cluster, endpoint and queue in its values', () => {
    const karpenter = dev.model.charts.entries.find((e) => e.id === 'karpenter')!;
    const [, profile] = only(t, 'AWS::EKS::FargateProfile');
    assert.equal(karpenter.namespace, profile.Properties.Selectors[0].Namespace);
    assert.equal(karpenter.helm!.version, '1.11.1');
    assert.equal(karpenter.helm!.repository, 'oci://public.ecr.aws/karpenter/karpenter');
    const v = valuesOf(dev, 'karpenter');
    assert.equal(v.settings.clusterName, 'aos-dev');
    const [, queue] = only(t, 'AWS::SQS::Queue');
    assert.equal(v.settings.interruptionQueue, queue.Properties.QueueName);
    // The endpoint is the cluster's, read from the cluster stack at deploy time.
    const raw = chartResources(dev).get('karpenter')!.resource.Properties.Values;
    const endpoint = evaluate(raw, {}, dev.producers);
    assert.equal(JSON.parse(endpoint).settings.clusterEndpoint, `<${clusterId}.Endpoint>`);
    assert.deepEqual(v.serviceAccount, { create: false, name: 'karpenter' });
    // Nothing that Fargate refuses or that would pull the pod off Fargate.
    assert.equal(v.hostNetwork, undefined);
    assert.equal(v.nodeSelector, undefined);
    assert.equal(v.dnsPolicy, 'Default', 'works before CoreDNS has a node to run on');
    assert.equal(v.controller.image.repository, '111111111111.dkr.ecr.eu-west-1.amazonaws.com/dev/ecr-public/karpenter/controller');
  });

  it('installs the CRDs first and the NodePools after the controller, so they are deleted before it', () => {
    assert.deepEqual(chartDependsOn(dev, 'karpenter').filter((d) => d.startsWith('karpenter')), ['karpenter-crd']);
    assert.ok(chartDependsOn(dev, 'karpenter-node-pools').includes('karpenter'));
    assert.deepEqual(dev.model.charts.entries.find((e) => e.id === 'karpenter-node-pools')!.creates, ['nodes']);
    for (const id of ['karpenter-crd', 'karpenter', 'karpenter-node-pools']) assert.equal(dev.model.charts.entries.find((e) => e.id === id)!.phase, 'primary');
  });

  it('is absent where the environment keeps it off (prod as shipped)', () => {
    const prod = synth('prod');
    assert.equal(prod.model.karpenter, undefined);
    for (const type of ['AWS::EKS::FargateProfile', 'AWS::SQS::Queue', 'AWS::Events::Rule']) assert.equal(ofType(prod.templates.cluster, type).length, 0, type);
    assert.ok(!prod.model.charts.entries.some((e) => e.id.startsWith('karpenter')));
    assert.ok(!prod.model.identity.roles.some((r) => r.id === 'karpenter'));
  });
});

describe('Karpenter controller role', () => {
  for (const [mode, s] of [['irsa', dev], ['pod-identity', devPodIdentity]] as const) {
    it(`${mode}: is trusted through the OIDC provider by karpenter:karpenter only (Fargate runs no Pod Identity agent)`, () => {
      const t = s.templates.cluster;
      const [, role] = roleNamed(s, 'aos-dev-karpenter');
      const [st] = role.Properties.AssumeRolePolicyDocument.Statement;
      assert.equal(st.Action, 'sts:AssumeRoleWithWebIdentity');
      assert.deepEqual(st.Principal, { Federated: { Ref: only(t, 'AWS::IAM::OIDCProvider')[0] } });
      const conditions = JSON.parse(evaluate(t.Resources[st.Condition.StringEquals['Fn::GetAtt'][0]].Properties.Value, { 'EksClusterB2BDED5B.OpenIdConnectIssuerUrl': 'https://oidc.example/id/X' }));
      assert.deepEqual(conditions, { 'oidc.example/id/X:sub': 'system:serviceaccount:karpenter:karpenter', 'oidc.example/id/X:aud': 'sts.amazonaws.com' });
      const associations = ofType(t, 'AWS::EKS::PodIdentityAssociation').filter(([, a]) => a.Properties.Namespace === 'karpenter');
      assert.equal(associations.length, 0);
    });
  }

  const statements = controllerStatements(dev);
  const owned = 'kubernetes.io/cluster/aos-dev';

  it('conditions every EC2 call that creates, tags or deletes on the cluster\'s ownership tags', () => {
    const mutating = ['ec2:RunInstances', 'ec2:CreateFleet', 'ec2:CreateLaunchTemplate', 'ec2:CreateTags', 'ec2:TerminateInstances', 'ec2:DeleteLaunchTemplate'];
    const created = /:(instance|fleet|volume|network-interface|launch-template|spot-instances-request)\/\*$/;
    let checked = 0;
    for (const st of statements) {
      if (!list(st.Action).some((a) => mutating.includes(a))) continue;
      for (const resource of list(st.Resource)) {
        if (created.test(resource)) {
          const tags = { ...st.Condition?.StringEquals };
          assert.equal(tags[`aws:RequestTag/${owned}`] ?? tags[`aws:ResourceTag/${owned}`], 'owned', `${st.Sid} ${resource}`);
          checked++;
        } else if (/:(subnet|security-group)\/\*$/.test(resource)) {
          // Launching into the network: only the subnets and groups the EC2NodeClass selects.
          const [[key, value]] = Object.entries(st.Condition.StringEquals);
          assert.ok(['aws:ResourceTag/karpenter.sh/discovery', 'aws:ResourceTag/aws:eks:cluster-name'].includes(key), `${st.Sid}: ${key}`);
          assert.equal(value, 'aos-dev');
        } else {
          // What is left are AWS's public images and their snapshots, in the cluster's region.
          assert.match(resource, /^arn:aws:ec2:eu-west-1::(image|snapshot)\/\*$/, `${st.Sid} ${resource}`);
          assert.deepEqual(list(st.Action).sort(), ['ec2:CreateFleet', 'ec2:RunInstances']);
        }
      }
    }
    assert.ok(checked >= 15);
    // Resources carry this account, never another one's.
    for (const st of statements) for (const r of list(st.Resource)) assert.ok(!/:ec2:eu-west-1:\*:/.test(r), r);
  });

  it('may pass exactly one role, the Karpenter node role, and only to EC2', () => {
    const passing = statements.filter((st) => list(st.Action).includes('iam:PassRole'));
    assert.equal(passing.length, 1);
    const [, nodeRole] = roleNamed(dev, 'aos-dev-karpenter-node');
    assert.equal(passing[0].Resource, `arn:aws:iam::111111111111:role/${nodeRole.Properties.RoleName}`);
    assert.deepEqual(passing[0].Condition, { StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } });
    // Instance profiles it manages are its own: created and changed only with the ownership tags.
    for (const st of statements.filter((x) => list(x.Action).some((a) => /^iam:(Create|Tag|AddRole|RemoveRole|Delete)\w*InstanceProfile$/.test(a)))) {
      const tags = st.Condition.StringEquals;
      assert.equal(tags[`aws:RequestTag/${owned}`] ?? tags[`aws:ResourceTag/${owned}`], 'owned', st.Sid);
    }
  });

  it('reads its own queue only, and only the Bottlerocket image parameters', () => {
    const sqs = statements.filter((st) => list(st.Action).some((a) => a.startsWith('sqs:')));
    assert.deepEqual(sqs.map((st) => st.Resource), ['arn:aws:sqs:eu-west-1:111111111111:aos-dev-karpenter-interruption']);
    assert.deepEqual(list(sqs[0].Action).sort(), ['sqs:DeleteMessage', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage']);
    const ssm = statements.find((st) => list(st.Action).includes('ssm:GetParameter'));
    assert.equal(ssm.Resource, 'arn:aws:ssm:eu-west-1::parameter/aws/service/bottlerocket/*');
    const regional = statements.find((st) => st.Sid === 'KarpenterRegionalReads');
    assert.deepEqual(regional.Condition, { StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } });
  });
});

describe('Karpenter nodes: role, access entry and Spot service-linked role', () => {
  const t = dev.templates.cluster;

  it('gives the nodes their own EC2 role with the node group\'s policies and an EC2_LINUX access entry', () => {
    const [roleId, role] = roleNamed(dev, 'aos-dev-karpenter-node');
    assert.deepEqual(role.Properties.AssumeRolePolicyDocument.Statement.map((s: any) => s.Principal), [{ Service: 'ec2.amazonaws.com' }]);
    assert.deepEqual(managedPolicyNames(role), [...dev.model.nodeGroup.rolePolicies]);
    const entries = ofType(t, 'AWS::EKS::AccessEntry').filter(([, e]) => e.Properties.Type === 'EC2_LINUX');
    assert.equal(entries.length, 1);
    assert.deepEqual(entries[0][1].Properties.PrincipalArn, { 'Fn::GetAtt': [roleId, 'Arn'] });
    assert.deepEqual(entries[0][1].Properties.AccessPolicies, []);
  });

  it('never creates the account-wide Spot service-linked role: one template for accounts with and without it, no Lambda (item 2)', () => {
    for (const s of [dev, prodOn]) {
      for (const [lifecycle, template] of Object.entries(s.templates)) {
        assert.equal(ofType(template, 'AWS::IAM::ServiceLinkedRole').length, 0, `${s.model.envName} ${lifecycle}`);
        // Nothing asks whether the account has the role: no parameter beyond CDK's bootstrap check, no condition on it.
        assert.deepEqual(Object.keys(template.Parameters ?? {}).filter((p) => p !== 'BootstrapVersion'), [], lifecycle);
        assert.ok(!Object.keys(template.Conditions ?? {}).some((c) => /spot|linked/i.test(c)), lifecycle);
      }
      // The same functions as before (kubectl handler and provider, CfnJson in the cluster and application stacks, default security group).
      const functions = Object.values(s.templates).flatMap((template) => ofType(template, 'AWS::Lambda::Function'));
      assert.equal(functions.length, 5, s.model.envName);
    }
  });

  it('lets the controller have EC2 create exactly that role when the account lacks it', () => {
    for (const s of [dev, prodOn]) {
      const creates = controllerStatements(s).filter((st) => list(st.Action).includes('iam:CreateServiceLinkedRole'));
      assert.equal(creates.length, 1);
      assert.deepEqual(creates[0], {
        Sid: 'KarpenterCreateSpotServiceLinkedRole',
        Effect: 'Allow',
        Action: 'iam:CreateServiceLinkedRole',
        Resource: `arn:aws:iam::${s.model.account}:role/aws-service-role/spot.amazonaws.com/AWSServiceRoleForEC2Spot`,
        Condition: { StringEquals: { 'iam:AWSServiceName': 'spot.amazonaws.com' } },
      });
    }
  });

  it('refuses a file that still asks a stack to create the role, with the reason and the fix', () => {
    const data = environmentData('dev');
    data.karpenter.createSpotServiceLinkedRole = true;
    const result = validateEnvironment(data);
    assert.ok(!result.ok);
    if (!result.ok) {
      assert.deepEqual(result.problems.map((p) => p.path), ['karpenter.createSpotServiceLinkedRole']);
      assert.match(result.problems[0].message, /removed: .*EC2 create AWSServiceRoleForEC2Spot on its first Spot launch.*delete this field/);
    }
  });
});

describe('Karpenter interruption queue', () => {
  const t = dev.templates.cluster;
  const [queueId, queue] = only(t, 'AWS::SQS::Queue');

  it('is encrypted at rest and in transit and keeps notices 5 minutes', () => {
    assert.equal(queue.Properties.SqsManagedSseEnabled, true);
    assert.equal(queue.Properties.MessageRetentionPeriod, 300);
    const [, policy] = only(t, 'AWS::SQS::QueuePolicy');
    const deny = policy.Properties.PolicyDocument.Statement.find((s: any) => s.Effect === 'Deny');
    assert.deepEqual(deny.Condition, { Bool: { 'aws:SecureTransport': 'false' } });
    assert.equal(deny.Action, 'sqs:*');
  });

  it('receives the four interruption events, each rule alone allowed to send', () => {
    const rules = ofType(t, 'AWS::Events::Rule');
    assert.equal(rules.length, 4);
    const patterns = rules.map(([, r]) => `${r.Properties.EventPattern.source[0]} ${r.Properties.EventPattern['detail-type'][0]}`).sort();
    assert.deepEqual(patterns, [
      'aws.ec2 EC2 Instance Rebalance Recommendation',
      'aws.ec2 EC2 Instance State-change Notification',
      'aws.ec2 EC2 Spot Instance Interruption Warning',
      'aws.health AWS Health Event',
    ]);
    assert.equal(INTERRUPTION_EVENTS.length, 4);
    const [, policy] = only(t, 'AWS::SQS::QueuePolicy');
    for (const [ruleId, rule] of rules) {
      assert.deepEqual(rule.Properties.Targets.map((x: any) => x.Arn), [{ 'Fn::GetAtt': [queueId, 'Arn'] }]);
      const grant = policy.Properties.PolicyDocument.Statement.find((s: any) => s.Condition?.ArnEquals?.['aws:SourceArn']?.['Fn::GetAtt']?.[0] === ruleId);
      assert.ok(grant, `${ruleId} may send`);
      assert.deepEqual(grant.Principal, { Service: 'events.amazonaws.com' });
    }
    // No grant without the rule condition (the published policy lets any EventBridge rule send).
    for (const st of policy.Properties.PolicyDocument.Statement.filter((s: any) => s.Effect === 'Allow')) assert.ok(st.Condition?.ArnEquals, JSON.stringify(st));
  });
});

describe('EC2NodeClass and NodePools', () => {
  for (const [name, s] of [['dev', dev], ['prod (Karpenter on)', prodOn]] as const) {
    const objects = applied(s, 'karpenter-node-pools');
    const [nodeClass, ...pools] = objects;
    const cluster = s.model.cluster.name;

    it(`${name}: one EC2NodeClass with the pinned Bottlerocket alias, the node role and discovery selectors`, () => {
      assert.equal(nodeClass.apiVersion, 'karpenter.k8s.aws/v1');
      assert.equal(nodeClass.kind, 'EC2NodeClass');
      assert.deepEqual(nodeClass.spec.amiSelectorTerms, [{ alias: 'bottlerocket@v1.62.1' }]);
      assert.equal(nodeClass.spec.role, `${cluster}-karpenter-node`);
      assert.deepEqual(nodeClass.spec.subnetSelectorTerms, [{ tags: { 'karpenter.sh/discovery': cluster } }]);
      // The workload group (data services admit it) and the EKS cluster group, as on the node group.
      assert.deepEqual(nodeClass.spec.securityGroupSelectorTerms, [{ tags: { 'karpenter.sh/discovery': cluster } }, { tags: { 'aws:eks:cluster-name': cluster } }]);
      assert.deepEqual(nodeClass.spec.metadataOptions, { httpEndpoint: 'enabled', httpProtocolIPv6: 'disabled', httpTokens: 'required', httpPutResponseHopLimit: 1 });
      assert.equal(nodeClass.spec.associatePublicIPAddress, false);
      for (const device of nodeClass.spec.blockDeviceMappings) assert.deepEqual({ type: device.ebs.volumeType, encrypted: device.ebs.encrypted }, { type: 'gp3', encrypted: true });
      assert.deepEqual(nodeClass.spec.blockDeviceMappings.map((d: any) => [d.deviceName, d.ebs.volumeSize]), [['/dev/xvda', '4Gi'], ['/dev/xvdb', '50Gi']]);
      assert.match(nodeClass.spec.userData, /\[settings\.host-containers\.admin\]\nenabled = true/);
      assert.deepEqual(nodeClass.spec.tags, { ...s.model.tags });
    });

    it(`${name}: the discovery tags the selectors use are on the private subnets and the workload group only`, () => {
      // Karpenter selects subnets and security groups only (the subnets' route tables inherit the tag).
      const tagged = Object.entries<any>(s.templates.network.Resources)
        .filter(([, r]) => ['AWS::EC2::Subnet', 'AWS::EC2::SecurityGroup'].includes(r.Type))
        .filter(([, r]) => (r.Properties?.Tags ?? []).some((x: any) => x.Key === 'karpenter.sh/discovery' && x.Value === cluster));
      const types = tagged.map(([, r]) => r.Type).sort();
      assert.deepEqual(types, ['AWS::EC2::SecurityGroup', 'AWS::EC2::Subnet', 'AWS::EC2::Subnet', 'AWS::EC2::Subnet']);
      for (const [, r] of tagged.filter(([, r]) => r.Type === 'AWS::EC2::Subnet')) assert.equal(r.Properties.MapPublicIpOnLaunch, false);
    });

    it(`${name}: NodePools with the file's requirements, limits, disruption and taints`, () => {
      const config = s.model.karpenter!.nodePools;
      assert.equal(pools.length, config.length);
      for (const [i, pool] of pools.entries()) {
        const want = config[i];
        assert.equal(pool.apiVersion, 'karpenter.sh/v1');
        assert.equal(pool.kind, 'NodePool');
        assert.equal(pool.metadata.name, want.name);
        const reqs = Object.fromEntries(pool.spec.template.spec.requirements.map((r: any) => [r.key, [r.operator, ...r.values]]));
        assert.deepEqual(reqs['kubernetes.io/arch'], ['In', 'amd64']);
        assert.deepEqual(reqs['karpenter.sh/capacity-type'], ['In', ...want.capacityTypes]);
        assert.deepEqual(reqs['topology.kubernetes.io/zone'], ['In', ...s.model.availabilityZones]);
        assert.deepEqual(pool.spec.template.spec.nodeClassRef, { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: nodeClass.metadata.name });
        assert.deepEqual(pool.spec.limits, { cpu: String(want.limits.cpu), memory: `${want.limits.memoryGiB}Gi` });
        assert.equal(pool.spec.template.spec.expireAfter, want.disruption.expireAfter);
        assert.equal(pool.spec.disruption.consolidationPolicy, want.disruption.consolidationPolicy);
        assert.ok(pool.spec.template.spec.taints.some((x: any) => x.effect === 'NoSchedule'));
      }
      if (name === 'dev') {
        const reqs = Object.fromEntries(pools[0].spec.template.spec.requirements.map((r: any) => [r.key, [r.operator, ...r.values]]));
        assert.deepEqual(reqs['karpenter.sh/capacity-type'], ['In', 'spot']);
        assert.deepEqual(reqs['karpenter.k8s.aws/instance-category'], ['In', 'c', 'm', 'r']);
        assert.deepEqual(reqs['karpenter.k8s.aws/instance-generation'], ['Gt', '5']);
        assert.deepEqual(pools[0].spec.disruption, { consolidationPolicy: 'WhenEmptyOrUnderutilized', consolidateAfter: '1m', budgets: [{ nodes: '20%' }] });
      } else {
        const reqs = Object.fromEntries(pools[0].spec.template.spec.requirements.map((r: any) => [r.key, [r.operator, ...r.values]]));
        assert.deepEqual(reqs['karpenter.sh/capacity-type'], ['In', 'on-demand']);
        assert.deepEqual(reqs['karpenter.k8s.aws/instance-family'], ['In', 'm6a', 'm7a', 'c6a', 'c7a', 'r6a', 'r7a']);
        assert.deepEqual(pools[0].spec.disruption.budgets[1], { nodes: '0', schedule: '0 7 * * mon-fri', duration: '11h', reasons: ['Underutilized', 'Drifted'] });
      }
    });

    it(`${name}: every object is valid against Karpenter's v1 API schemas`, async () => {
      const { EC2NodeClass } = await import('@kubernetes-models/karpenter/karpenter.k8s.aws/v1/EC2NodeClass');
      const { NodePool } = await import('@kubernetes-models/karpenter/karpenter.sh/v1/NodePool');
      assert.doesNotThrow(() => (new EC2NodeClass(nodeClass) as any).validate());
      for (const pool of pools) assert.doesNotThrow(() => (new NodePool(pool) as any).validate(), pool.metadata.name);
    });
  }

  it('the schemas catch a broken NodePool (the check can fail)', async () => {
    const { NodePool } = await import('@kubernetes-models/karpenter/karpenter.sh/v1/NodePool');
    const [, pool] = applied(dev, 'karpenter-node-pools');
    const broken = structuredClone(pool);
    broken.spec.disruption.budgets = [{ nodes: 'ten' }];
    broken.spec.disruption.consolidationPolicy = 'Always';
    assert.throws(() => (new NodePool(broken) as any).validate(), /nodes|consolidationPolicy/);
  });
});

describe('Karpenter beside the cluster autoscaler', () => {
  it('dev runs both; the autoscaler discovers only the managed node group\'s Auto Scaling group', () => {
    assert.ok(dev.model.karpenter);
    assert.ok(dev.model.charts.entries.some((e) => e.id === 'cluster-autoscaler'));
    const tags = valuesOf(dev, 'cluster-autoscaler').autoDiscovery.tags as string[];
    const [, ng] = only(dev.templates.cluster, 'AWS::EKS::Nodegroup');
    for (const tag of tags) assert.ok(tag in ng.Properties.Tags, `the node group carries ${tag}`);
    const [nodeClass] = applied(dev, 'karpenter-node-pools');
    for (const key of Object.keys(nodeClass.spec.tags)) assert.ok(!key.startsWith('k8s.io/cluster-autoscaler'), `Karpenter nodes carry ${key}`);
  });

  it('marks the managed node group\'s instances as cluster nodes, which application roles may never stop', () => {
    const [, lt] = only(dev.templates.cluster, 'AWS::EC2::LaunchTemplate');
    const instance = lt.Properties.LaunchTemplateData.TagSpecifications.find((x: any) => x.ResourceType === 'instance');
    assert.ok(instance.Tags.some((x: any) => x.Key === 'kubernetes.io/cluster/aos-dev' && x.Value === 'owned'));
    const units = dev.model.identity.roles.flatMap((r) => r.statements).filter((st) => st.actions.includes('ec2:StopInstances'));
    assert.ok(units.length > 0);
    for (const st of units) assert.deepEqual(st.conditions?.Null, { 'aws:ResourceTag/kubernetes.io/cluster/aos-dev': 'true' });
  });

  it('runs Karpenter without the autoscaler when the file turns the autoscaler off (untainted pools allowed)', () => {
    const only = synth('dev', (d) => {
      d.charts['cluster-autoscaler'] = { enabled: false };
      d.karpenter.nodePools[0].taints = [];
    });
    assert.ok(!only.model.charts.entries.some((e) => e.id === 'cluster-autoscaler'));
    assert.ok(only.model.charts.entries.some((e) => e.id === 'karpenter-node-pools'));
  });
});

type Case = { name: string; base?: string; patch: (d: any) => void; path: string; message: RegExp };

const BAD: Case[] = [
  {
    name: 'an unknown capacity type',
    patch: (d) => (d.karpenter.nodePools[0].capacityTypes = ['SPOT']),
    path: 'karpenter.nodePools[0].capacityTypes[0]',
    message: /capacity types are "spot" and "on-demand"/,
  },
  {
    name: 'an arm64 family in an x86_64 pool',
    patch: (d) => Object.assign(d.karpenter.nodePools[0], { instanceFamilies: ['m6a', 't4g'], instanceCategories: ['m', 't'] }),
    path: 'karpenter.nodePools[0].instanceFamilies[1]',
    message: /t4g is arm64 \(Graviton\), but the pool's architecture is x86_64.*set architecture to arm64/,
  },
  {
    name: 'prod with the latest Bottlerocket',
    base: 'prod',
    patch: (d) => Object.assign(d.karpenter, { enabled: true, amiVersion: 'latest' }),
    path: 'karpenter.amiVersion',
    message: /"latest" lets every Bottlerocket release replace nodes.*must pin a release/,
  },
  {
    name: 'the autoscaler and Karpenter on the same capacity (an untainted pool)',
    patch: (d) => (d.karpenter.nodePools[0].taints = []),
    path: 'karpenter.nodePools[0].taints',
    message: /cluster autoscaler also runs.*compete with the managed node group.*NoSchedule taint.*or turn charts\.cluster-autoscaler off/,
  },
  {
    name: 'a PreferNoSchedule taint beside the autoscaler (pods would still land on either)',
    patch: (d) => (d.karpenter.nodePools[0].taints = [{ key: 'a', effect: 'PreferNoSchedule' }]),
    path: 'karpenter.nodePools[0].taints',
    message: /compete with the managed node group/,
  },
  { name: 'an unknown instance family', patch: (d) => (d.karpenter.nodePools[0].instanceFamilies = ['m9z']), path: 'karpenter.nodePools[0].instanceFamilies[0]', message: /not an instance family this platform knows/ },
  {
    name: 'a family outside the listed categories',
    patch: (d) => (d.karpenter.nodePools[0].instanceFamilies = ['t3']),
    path: 'karpenter.nodePools[0].instanceFamilies[0]',
    message: /t3 is in category t, which instanceCategories \(c, m, r\) excludes/,
  },
  { name: 'a Bottlerocket release without a 1.35 image', patch: (d) => (d.karpenter.amiVersion = 'v1.50.0'), path: 'karpenter.amiVersion', message: /no aws-k8s-1\.35 image \(the first is v1\.53\.0\)/ },
  { name: 'a malformed Bottlerocket release', patch: (d) => (d.karpenter.amiVersion = '1.61'), path: 'karpenter.amiVersion', message: /such as v1\.61\.0, or latest/ },
  {
    name: 'a scheduled budget without a duration',
    patch: (d) => (d.karpenter.nodePools[0].disruption.budgets = [{ nodes: '0', schedule: '@daily' }]),
    path: 'karpenter.nodePools[0].disruption.budgets[0]',
    message: /schedule and duration go together/,
  },
  { name: 'a malformed expireAfter', patch: (d) => (d.karpenter.nodePools[0].disruption.expireAfter = '30d'), path: 'karpenter.nodePools[0].disruption.expireAfter', message: /duration such as 30s, 10m, 720h/ },
  { name: 'two pools of one name', patch: (d) => d.karpenter.nodePools.push(structuredClone(d.karpenter.nodePools[0])), path: 'karpenter.nodePools[1].name', message: /defined twice/ },
  { name: 'a reserved label domain', patch: (d) => (d.karpenter.nodePools[0].labels = { 'karpenter.sh/capacity-type': 'spot' }), path: 'karpenter.nodePools[0].labels.karpenter.sh/capacity-type', message: /label domain .* is reserved/ },
  { name: 'a pool without limits', patch: (d) => delete d.karpenter.nodePools[0].limits, path: 'karpenter.nodePools[0].limits', message: /./ },
  { name: 'no NodePool', patch: (d) => (d.karpenter.nodePools = []), path: 'karpenter.nodePools', message: /at least one NodePool/ },
  { name: 'a Karpenter chart toggled under charts', patch: (d) => (d.charts.karpenter = { enabled: false }), path: 'charts.karpenter', message: /turned on and off by karpenter\.enabled/ },
  { name: 'a tag Karpenter owns', patch: (d) => (d.tags['karpenter.sh/nodepool'] = 'x'), path: 'tags.karpenter.sh/nodepool', message: /Karpenter or the cluster autoscaler own/ },
];

describe('Karpenter settings validation', () => {
  for (const c of BAD) {
    it(`rejects ${c.name} at ${c.path}`, () => {
      const data = environmentData(c.base ?? 'dev');
      c.patch(data);
      const result = validateEnvironment(data, 'test');
      assert.equal(result.ok, false);
      if (result.ok) return;
      const hit = result.problems.find((p) => p.path === c.path && c.message.test(p.message));
      assert.ok(hit, `expected a problem at ${c.path} matching ${c.message}, got:\n${result.problems.map((p) => `${p.path}: ${p.message}`).join('\n')}`);
    });
  }

  it('accepts latest where data is destroyed with the environment (dev)', () => {
    const data = environmentData('dev');
    data.karpenter.amiVersion = 'latest';
    const result = validateEnvironment(data, 'test');
    assert.ok(result.ok, JSON.stringify(!result.ok && result.problems));
  });
});
