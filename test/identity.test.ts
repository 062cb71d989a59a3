import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateEnvironment } from '../src/config/load';
import { IAM_ROLE_NAME_MAX, type ResolvedRole } from '../src/config/model';
import { ROLE_CATALOG } from '../src/identity/catalog';
import { UNSCOPED_CONDITIONED_ACTIONS, UNSCOPED_READ_ACTIONS, type DataResource } from '../src/identity/policy-statements';
import { Stack } from 'aws-cdk-lib';
import { evaluate } from './support/intrinsics';
import { environmentData, managedPolicyNames, ofType, only, policiesOf, synth, type Synthesized, podIdentity } from './support/platform';
import { MANAGED_POLICY_LIMIT } from '../src/security/managed-policy';

const ISSUER = 'oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE';
const list = (v: unknown): string[] => [v].flat().map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).sort();

/** dev with its certificate from Let's Encrypt, so that the catalog's ACME-only role (cert-manager's DNS-01) exists too. */
function acme(d: any): void {
  d.application.hosts = ['app.example.com'];
  d.application.tls = { issuer: 'letsencrypt' };
}

const modes = {
  irsa: synth('dev', acme),
  'pod-identity': synth('dev', (d) => {
    podIdentity(d);
    acme(d);
  }),
};

/** Infrastructure roles live in the cluster stack, application roles in the application stack. */
function templateOf(s: Synthesized, roleName: string): any {
  const role = s.model.identity.roles.find((r) => r.roleName === roleName);
  return role?.kind === 'application' ? s.templates.application : s.templates.cluster;
}

function roleResource(s: Synthesized, roleName: string): [string, any] {
  return ofType(templateOf(s, roleName), 'AWS::IAM::Role').find(([, r]) => r.Properties.RoleName === roleName) ?? assert.fail(`no role ${roleName}`);
}

/** The statements of the policies attached to a role (customer managed), normalised (sorted actions and resources). */
function inlineStatements(s: Synthesized, roleId: string, roleName: string): any[] {
  return policiesOf(templateOf(s, roleName))
    .filter(([, p]) => p.Properties.Roles.some((r: any) => r.Ref === roleId))
    .flatMap(([, p]) => p.Properties.PolicyDocument.Statement)
    .map((st: any) => ({ ...st, Action: list(st.Action), Resource: list(evaluate(st.Resource, {}, s.producers)) }));
}

/** What a data resource of the catalog is in the data stack (`<LogicalId.Arn>`, `<LogicalId>`). */
function dataResource(s: Synthesized, ref: DataResource): string {
  return evaluate(Stack.of(s.platform.data).resolve(s.platform.data.resourceArns[ref]));
}

function expectedStatements(s: Synthesized, role: ResolvedRole): any[] {
  return [
    ...role.statements.map((st) => ({
      Effect: 'Allow',
      Action: st.actions,
      Resource: [...st.resources, ...(st.dataResources ?? []).map((r) => dataResource(s, r))],
      ...(st.conditions ? { Condition: st.conditions } : {}),
    })),
    ...(role.publishedPolicy?.statements ?? []),
  ];
}

/**
 * What statements grant, as a sorted list of (action, resource, condition) triples: equal for two
 * policies that allow the same, however aws-cdk-lib merged or ordered their statements.
 */
function grants(statements: readonly any[]): string[] {
  const out = new Set<string>();
  for (const st of statements) {
    for (const a of list(st.Action)) for (const r of list(st.Resource)) out.add(JSON.stringify([st.Effect, a, r, st.Condition ?? null]));
  }
  return [...out].sort();
}

/** Service accounts created by the platform's manifests, rendered as Kubernetes will receive them. */
function serviceAccounts(s: Synthesized): any[] {
  return [s.templates.cluster, s.templates.application].flatMap((t) => {
    const values: Record<string, string> = {};
    for (const [id] of ofType(t, 'AWS::IAM::Role')) values[`${id}.Arn`] = `arn:aws:iam::${s.model.account}:role/${id}`;
    return ofType(t, 'Custom::AWSCDK-EKS-KubernetesResource')
      .flatMap(([, r]) => JSON.parse(evaluate(r.Properties.Manifest, values)))
      .filter((o: any) => o.kind === 'ServiceAccount');
  });
}


for (const [mode, s] of Object.entries(modes)) {
  describe(`workload identity in ${mode} mode`, () => {
    const t = s.templates.cluster;
    const [clusterId] = only(t, 'AWS::EKS::Cluster');
    const accounts = serviceAccounts(s);

    it('creates every role of the catalog that the environment enables', () => {
      assert.deepEqual(
        s.model.identity.roles.map((r) => r.id),
        ROLE_CATALOG.map((r) => r.id),
        'dev configures a Route 53 zone, so external-dns is enabled too; with Let\'s Encrypt, cert-manager has its DNS-01 role',
      );
      for (const role of s.model.identity.roles) roleResource(s, role.roleName);
    });

    for (const role of s.model.identity.roles) {
      describe(role.roleName, () => {
        const [roleId, resource] = roleResource(s, role.roleName);
        const trust = resource.Properties.AssumeRolePolicyDocument.Statement;
        // The role's own template (application roles reach the cluster through cross-stack references).
        const rt = templateOf(s, role.roleName);
        const read = (v: unknown) => evaluate(v, {}, s.producers);

        it('is trusted by its exact service accounts only', () => {
          // Pods on Fargate (Karpenter) cannot reach a Pod Identity agent: IRSA in both modes.
          assert.equal(role.mode, role.id === 'karpenter' ? 'irsa' : mode);
          assert.equal(trust.length, 1);
          const [st] = trust;
          const subjects = role.serviceAccounts.map((sa) => `system:serviceaccount:${role.namespace}:${sa}`);
          if (role.mode === 'irsa') {
            assert.equal(st.Action, 'sts:AssumeRoleWithWebIdentity');
            assert.equal(read(st.Principal.Federated), `<${only(t, 'AWS::IAM::OIDCProvider')[0]}>`);
            assert.deepEqual(Object.keys(st.Condition), ['StringEquals'], 'StringEquals, never StringLike');
            const jsonId = st.Condition.StringEquals['Fn::GetAtt'][0];
            const conditions = JSON.parse(evaluate(rt.Resources[jsonId].Properties.Value, { [`${clusterId}.OpenIdConnectIssuerUrl`]: `https://${ISSUER}` }, s.producers));
            assert.deepEqual(conditions, { [`${ISSUER}:sub`]: subjects.length === 1 ? subjects[0] : subjects, [`${ISSUER}:aud`]: 'sts.amazonaws.com' });
          } else {
            assert.deepEqual(st.Action, ['sts:AssumeRole', 'sts:TagSession']);
            assert.deepEqual(st.Principal, { Service: 'pods.eks.amazonaws.com' });
            assert.deepEqual(read(st.Condition), {
              StringEquals: {
                'aws:RequestTag/eks-cluster-arn': `<${clusterId}.Arn>`,
                'aws:RequestTag/kubernetes-namespace': role.namespace,
                'aws:RequestTag/kubernetes-service-account': role.serviceAccounts.length === 1 ? role.serviceAccounts[0] : role.serviceAccounts,
              },
            });
          }
        });

        it('has exactly the permissions of its catalog entry', () => {
          assert.deepEqual(managedPolicyNames(resource), [...role.managedPolicies]);
          assert.deepEqual(grants(inlineStatements(s, roleId, role.roleName)), grants(expectedStatements(s, role)));
        });

        if (role.addon) {
          it(`is bound through the ${role.addon} add-on`, () => {
            const [, addon] = ofType(t, 'AWS::EKS::Addon').find(([, a]) => a.Properties.AddonName === role.addon)!;
            if (role.mode === 'irsa') {
              assert.deepEqual(addon.Properties.ServiceAccountRoleArn, { 'Fn::GetAtt': [roleId, 'Arn'] });
              assert.equal(addon.Properties.PodIdentityAssociations, undefined);
            } else {
              assert.equal(addon.Properties.ServiceAccountRoleArn, undefined);
              assert.deepEqual(addon.Properties.PodIdentityAssociations, role.serviceAccounts.map((sa) => ({ RoleArn: { 'Fn::GetAtt': [roleId, 'Arn'] }, ServiceAccount: sa })));
            }
            assert.equal(accounts.filter((a) => role.serviceAccounts.includes(a.metadata.name)).length, 0, 'the add-on creates its own service accounts');
          });
        } else {
          it(`has its service account${role.serviceAccounts.length > 1 ? 's' : ''} created in ${role.namespace}`, () => {
            for (const name of role.serviceAccounts) {
              const sa = accounts.find((a) => a.metadata.name === name && a.metadata.namespace === role.namespace);
              assert.ok(sa, `${role.namespace}:${name}`);
              if (role.mode === 'irsa') assert.deepEqual(sa.metadata.annotations, { 'eks.amazonaws.com/role-arn': `arn:aws:iam::${s.model.account}:role/${roleId}` });
              else assert.equal(sa.metadata.annotations, undefined);
              const associations = ofType(rt, 'AWS::EKS::PodIdentityAssociation').filter(([, a]) => a.Properties.ServiceAccount === name && a.Properties.Namespace === role.namespace);
              if (role.mode === 'irsa') assert.equal(associations.length, 0);
              else {
                assert.equal(associations.length, 1);
                assert.deepEqual(associations[0][1].Properties.RoleArn, { 'Fn::GetAtt': [roleId, 'Arn'] });
                assert.equal(read(associations[0][1].Properties.ClusterName), `<${clusterId}>`);
              }
            }
          });
        }
      });
    }

    it(`${mode === 'irsa' ? 'does not install' : 'installs'} the eks-pod-identity-agent add-on`, () => {
      const agent = ofType(t, 'AWS::EKS::Addon').find(([, a]) => a.Properties.AddonName === 'eks-pod-identity-agent');
      assert.equal(Boolean(agent), mode === 'pod-identity');
      if (agent) {
        assert.equal(agent[1].Properties.AddonVersion, 'v1.3.10-eksbuild.1', 'the build the file names (no build is verified for 1.35)');
        const [ngId] = only(t, 'AWS::EKS::Nodegroup');
        assert.ok(t.Resources[ngId].DependsOn.includes(agent[0]), 'the agent is ready before nodes run pods');
      }
    });

    it('creates the namespaces of the service accounts it owns: infrastructure ones in the cluster stack, the application\'s in the application stack', () => {
      const namespaces = (template: any) =>
        ofType(template, 'Custom::AWSCDK-EKS-KubernetesResource')
          .flatMap(([, r]) => JSON.parse(evaluate(r.Properties.Manifest, {})))
          .filter((o: any) => o.kind === 'Namespace')
          .map((o: any) => o.metadata.name)
          .sort();
      assert.deepEqual(namespaces(t), ['cert-manager', 'external-dns', 'external-secrets', 'karpenter'], 'cert-manager: its DNS-01 account exists before the chart that runs as it');
      assert.deepEqual(namespaces(s.templates.application), ['dev']);
    });

    it('keeps the cluster stack free of the data stack: no infrastructure role names a data resource', () => {
      for (const role of s.model.identity.roles.filter((r) => r.kind === 'infrastructure')) {
        for (const st of role.statements) assert.equal(st.dataResources, undefined, `${role.roleName} ${st.sid}`);
      }
      assert.ok(!JSON.stringify(t).includes(`"StackName":"${s.platform.data.stackName}"`), 'no reference to the data stack in the cluster template');
      assert.ok(JSON.stringify(s.templates.application).includes(`"StackName":"${s.platform.data.stackName}"`), 'the check can see a reference where there is one');
      assert.ok(!s.platform.cluster.dependencies.some((d) => d === s.platform.data));
    });
  });
}

describe('the mode switch', () => {
  it('changes no role\'s permissions, only its trust and binding', () => {
    for (const role of modes.irsa.model.identity.roles) {
      const [irsaId, irsa] = roleResource(modes.irsa, role.roleName);
      const [podId, pod] = roleResource(modes['pod-identity'], role.roleName);
      assert.deepEqual(managedPolicyNames(pod), managedPolicyNames(irsa), role.roleName);
      assert.deepEqual(grants(inlineStatements(modes['pod-identity'], podId, role.roleName)), grants(inlineStatements(modes.irsa, irsaId, role.roleName)), role.roleName);
    }
  });

  it('is taken from -c identity=... over the file', async () => {
    const { loadEnvironment } = await import('../src/config/load');
    // The override takes effect: Pod Identity needs its agent, whose build dev does not name.
    const r = loadEnvironment({ env: 'dev', identity: 'pod-identity' });
    assert.ok(!r.ok && r.problems.some((p) => p.path === 'addons.eks-pod-identity-agent' && /no build of eks-pod-identity-agent is verified for Kubernetes 1\.35/.test(p.message)));
    const bad = loadEnvironment({ env: 'dev', identity: 'kiam' });
    assert.ok(!bad.ok && bad.problems.some((p) => p.path === 'identity.mode' && /irsa or pod-identity/.test(p.message)));
  });
});

describe('every IAM policy of the platform', () => {
  const all: Array<[string, Synthesized]> = [
    ['dev irsa', modes.irsa],
    ['dev pod-identity', modes['pod-identity']],
    ['prod irsa', synth('prod')],
  ];
  // (action, "*", condition) grants of the load balancer controller's published policy, used verbatim.
  const published = new Set(grants(ROLE_CATALOG.filter((r) => r.publishedPolicy).flatMap((r) => r.publishedPolicy!.document.Statement)));

  for (const [name, s] of all) {
    const documents: Array<[string, any]> = [];
    for (const template of Object.values(s.templates)) {
      for (const [id, r] of Object.entries<any>(template.Resources)) {
        if (r.Type === 'AWS::IAM::Policy' || r.Type === 'AWS::IAM::ManagedPolicy') documents.push([id, r.Properties.PolicyDocument]);
        if (r.Type === 'AWS::IAM::Role') for (const p of r.Properties.Policies ?? []) documents.push([id, p.PolicyDocument]);
      }
    }

    it(`${name}: the platform's own grants are customer managed policies within IAM's size limit, none inline`, () => {
      const evaluated = (doc: any) => JSON.stringify(evaluate(doc, {}, s.producers)).replace(/\s/g, '').length;
      for (const template of Object.values(s.templates)) {
        for (const [id, r] of Object.entries<any>(template.Resources)) {
          if (r.Type === 'AWS::IAM::ManagedPolicy') assert.ok(evaluated(r.Properties.PolicyDocument) <= MANAGED_POLICY_LIMIT, `${id} is ${evaluated(r.Properties.PolicyDocument)} characters`);
          // Inline policies remain only where aws-cdk-lib writes them: its kubectl provider's function
          // roles and its custom resource providers (the default security group's restriction).
          if (r.Type === 'AWS::IAM::Role' && r.Properties.Policies) assert.match(id, /CustomResourceProvider/, `${id} has an inline policy`);
          if (r.Type === 'AWS::IAM::Policy') assert.match(id, /KubectlProvider/, id);
        }
      }
      if (s.model.karpenter) {
        // Karpenter's controller policy is larger than one managed policy holds: two parts, one role.
        const parts = ofType(s.templates.cluster, 'AWS::IAM::ManagedPolicy').filter(([, r]) => /-karpenter(-\d)?$/.test(r.Properties.ManagedPolicyName));
        assert.deepEqual(parts.map(([, r]) => r.Properties.ManagedPolicyName), [`${s.model.cluster.name}-karpenter`, `${s.model.cluster.name}-karpenter-2`]);
        assert.deepEqual(parts[0][1].Properties.Roles, parts[1][1].Properties.Roles);
      }
    });

    it(`${name}: no "*" action, and "*" resources only for listed unscoped calls or the published controller policy`, () => {
      assert.ok(documents.length > 10);
      for (const [id, doc] of documents) {
        for (const st of doc.Statement) {
          const actions = [st.Action].flat();
          assert.ok(!actions.includes('*'), `${id} grants every action`);
          for (const a of actions) assert.ok(!/^[a-z0-9-]+:\*$/.test(a), `${id} grants ${a}`);
          if (![st.Resource].flat().includes('*')) continue;
          for (const a of actions) {
            const listed = UNSCOPED_READ_ACTIONS.has(a) || (UNSCOPED_CONDITIONED_ACTIONS.has(a) && st.Condition);
            const fromPublished = published.has(JSON.stringify([st.Effect, a, '*', st.Condition ?? null]));
            assert.ok(listed || fromPublished, `${id}: "*" resource for ${a}`);
          }
        }
      }
    });

    it(`${name}: no trust policy lets a whole account or any service account in`, () => {
      for (const template of Object.values(s.templates)) {
        for (const [id, r] of ofType(template, 'AWS::IAM::Role')) {
          for (const st of r.Properties.AssumeRolePolicyDocument.Statement) {
            const p = st.Principal;
            assert.ok(!p.AWS, `${id} trusts an AWS account principal`);
            assert.notEqual(p, '*');
            if (p.Federated) {
              assert.ok(st.Condition?.StringEquals, `${id} federated trust without StringEquals`);
              assert.equal(st.Condition.StringLike, undefined, `${id} uses StringLike`);
            }
            if (p.Service === 'pods.eks.amazonaws.com') {
              assert.ok(st.Condition.StringEquals['aws:RequestTag/kubernetes-service-account'], `${id} pod identity trust without a service account`);
            }
          }
        }
      }
    });
  }
});

describe('role names and resources from the environment', () => {
  it('keep every role name within IAM\'s 64 characters at the longest allowed names', () => {
    const data = environmentData('dev');
    // The longest pair the data stack allows (its Redis id `<project>-<name>-redis` fits in 40).
    data.name = 'e'.repeat(13);
    data.project = 'p'.repeat(20);
    data.cluster.name = 'c'.repeat(38);
    data.cluster.access.edit[0].namespaces = [data.name];
    const r = validateEnvironment(data);
    assert.ok(r.ok, r.ok ? '' : JSON.stringify(r.problems));
    if (!r.ok) return;
    for (const role of r.model.identity.roles) assert.ok(role.roleName.length <= IAM_ROLE_NAME_MAX, `${role.roleName} (${role.roleName.length})`);
    assert.ok(r.model.identity.roles.some((role) => role.roleName.length >= 60), 'the check is exercised near the limit');
  });

  it('follow SPEC\'s name patterns', () => {
    const names = modes.irsa.model.identity.roles.map((r) => r.roleName);
    for (const n of ['aos-dev-autoscaling-role', 'aos-dev-load-balancer-controller', 'aos-dev-ebs-controller', 'aos-dev-efs-controller', 'aos-dev-vpc-cni-controller', 'aos-dev-app', 'aos-dev-task', 'aos-dev-sd', 'aos-dev-secrets-manager', 'aos-dev-base', 'aos-dev-data-services', 'aos-dev-qm']) {
      assert.ok(names.includes(n), n);
    }
  });

  it('scope application permissions to the project buckets, keys, secrets and tagged instances', () => {
    const role = (id: string) => modes.irsa.model.identity.roles.find((r) => r.id === id)!;
    const resources = (id: string) => role(id).statements.flatMap((st) => st.resources);
    assert.deepEqual(resources('app').filter((r) => r.startsWith('arn:aws:s3')), ['arn:aws:s3:::aos-dev-backend-111111111111', 'arn:aws:s3:::aos-dev-backend-111111111111/*']);
    assert.ok(resources('base').includes('arn:aws:s3:::aos-dev-infra-111111111111/*'), 'base reaches the infra bucket');
    assert.ok(!resources('app').some((r) => r.includes('infra')), 'app does not');
    assert.ok(resources('task').includes('arn:aws:secretsmanager:eu-west-1:111111111111:secret:aos/dev/*'));
    const ec2 = role('qm').statements.find((st) => st.actions.includes('ec2:StopInstances'))!;
    assert.deepEqual(ec2.conditions, {
      StringEquals: { 'aws:ResourceTag/project': 'aos', 'aws:ResourceTag/environment': 'dev' },
      // The cluster's own nodes carry the project tags too; they are never units.
      Null: { 'aws:ResourceTag/kubernetes.io/cluster/aos-dev': 'true' },
    });
    const kms = role('app').statements.find((st) => st.sid === 'KmsUseProjectKeys')!;
    assert.deepEqual(kms.dataResources, ['key:data']);
    assert.deepEqual(kms.resources, [], 'no key pattern: only the data stack\'s key');
    const viaS3 = role('sd').statements.find((st) => st.actions.includes('kms:GenerateDataKey'))!;
    assert.deepEqual(viaS3.conditions, { StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' } }, 'bucket-only roles use the key only through S3');
    const cw = role('base').statements.find((st) => st.actions.includes('cloudwatch:PutMetricData'))!;
    assert.deepEqual(cw.conditions, { StringEquals: { 'cloudwatch:namespace': 'aos/dev' } });
  });

  it('conditions the autoscaler\'s scaling calls on the cluster\'s ASG tags', () => {
    const role = modes.irsa.model.identity.roles.find((r) => r.id === 'cluster-autoscaler')!;
    const mutating = role.statements.find((st) => st.actions.includes('autoscaling:SetDesiredCapacity'))!;
    assert.deepEqual(mutating.actions, ['autoscaling:SetDesiredCapacity', 'autoscaling:TerminateInstanceInAutoScalingGroup']);
    assert.deepEqual(mutating.conditions, { StringEquals: { 'aws:ResourceTag/k8s.io/cluster-autoscaler/aos-dev': 'owned', 'aws:ResourceTag/k8s.io/cluster-autoscaler/enabled': 'true' } });
    assert.ok(!mutating.resources.includes('*'));
  });

  it('receive the data stack\'s real key and secret ARNs', () => {
    const s = modes.irsa;
    const data = s.platform.data;
    const dataStack = Stack.of(data);
    const id = (c: any) => dataStack.getLogicalId(c);
    const app = s.model.identity.roles.find((r) => r.id === 'app')!;
    const [appRoleId] = roleResource(s, app.roleName);
    const kms = inlineStatements(s, appRoleId, app.roleName).find((st) => st.Sid === 'KmsUseProjectKeys');
    assert.deepEqual(kms.Resource, [`<${id(data.dataKey.cfnKey)}.Arn>`]);
    const secrets = s.model.identity.roles.find((r) => r.id === 'secrets-manager')!;
    const [secretsRoleId] = roleResource(s, secrets.roleName);
    const databases = inlineStatements(s, secretsRoleId, secrets.roleName).find((st) => st.Sid === 'SecretsReadWriteDatabases');
    assert.deepEqual(
      databases.Resource,
      [`<${id(data.aurora.cluster.node.defaultChild)}.MasterUserSecret.SecretArn>`, `<${id(data.documentdb.secret)}>`, `<${id(data.redis.authSecret)}>`].sort(),
    );
  });

  it('take bucket names from the data section', () => {
    const s = synth('dev', (d) => Object.assign(d.data.buckets, { backend: 'acme-backend-data' }));
    const app = s.model.identity.roles.find((r) => r.id === 'app')!;
    assert.ok(app.statements.some((st) => st.resources.includes('arn:aws:s3:::acme-backend-data/*')));
    assert.equal(s.model.data.buckets.backend, 'acme-backend-data');
  });

  it('give external-dns a role only with a zone, limited to that zone', () => {
    const withZone = modes.irsa.model.identity.roles.find((r) => r.id === 'external-dns')!;
    assert.deepEqual(withZone.statements[0].resources, ['arn:aws:route53:::hostedzone/Z0DEV0EXAMPLE0ZONE01']);
    const without = synth('dev', (d) => delete d.identity.route53ZoneId);
    assert.equal(without.model.identity.roles.some((r) => r.id === 'external-dns'), false);
    assert.equal(ofType(without.templates.cluster, 'AWS::IAM::Role').some(([, r]) => r.Properties.RoleName === 'aos-dev-external-dns'), false);
  });

  it('reject malformed bucket names and zone ids', () => {
    const data = environmentData('dev');
    Object.assign(data.data.buckets, { backend: 'Bad_Bucket', infra: '192.168.0.1' });
    data.identity.route53ZoneId = 'example.com';
    const r = validateEnvironment(data);
    assert.ok(!r.ok);
    if (r.ok) return;
    const paths = r.problems.map((p) => p.path);
    for (const p of ['data.buckets.backend', 'data.buckets.infra', 'identity.route53ZoneId']) assert.ok(paths.includes(p), `${p} in ${paths.join(', ')}`);
  });
});
