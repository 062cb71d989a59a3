/**
 * The delivery stack: GitHub's OIDC provider and the pipeline roles, their exact trust (with a
 * table of subjects each role must accept and refuse) and their permissions.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { App } from 'aws-cdk-lib';
import { accountDelivery } from '../src/delivery/fleet';
import { DeliveryStack } from '../src/stacks/delivery-stack';
import { validateEnvironment } from '../src/config/load';
import { PUSH_ACTIONS } from '../src/registry/image-repositories';
import { cliContext } from '../src/synth';
import { environmentData, ofType, only, synth } from './support/platform';
import { conditionsMatch, trustAdmits } from './support/trust';

const HOST = 'token.actions.githubusercontent.com';
const REPO = 'repo:example-org/eks-platform';

function deliveryTemplate(s: ReturnType<typeof synth>): any {
  return s.assembly.getStackByName(s.model.delivery!.stackName).template;
}

function roleNamed(template: any, name: string): any {
  const found = ofType(template, 'AWS::IAM::Role').find(([, r]) => r.Properties.RoleName === name);
  assert.ok(found, `role ${name}`);
  return found[1].Properties;
}

/** The statements of the customer managed policies attached to a role (the roles carry no inline policy). */
function permissionsOf(template: any, name: string): any[] {
  const found = ofType(template, 'AWS::IAM::Role').find(([, r]) => r.Properties.RoleName === name);
  assert.ok(found, `role ${name}`);
  assert.equal(found[1].Properties.Policies, undefined, `${name} has no inline policy`);
  return ofType(template, 'AWS::IAM::ManagedPolicy')
    .filter(([, p]) => p.Properties.Roles.some((r: any) => r.Ref === found[0]))
    .flatMap(([, p]) => p.Properties.PolicyDocument.Statement);
}

const claims = (sub: string, aud = 'sts.amazonaws.com') => ({ [`${HOST}:aud`]: aud, [`${HOST}:sub`]: sub });

describe('delivery stack of the dev account', () => {
  const dev = synth('dev');
  const template = deliveryTemplate(dev);
  const [providerId, provider] = only(template, 'AWS::IAM::OIDCProvider');
  const providerRef = { Ref: providerId };

  it('is one stack per account, named <project>-<account>-delivery, in the home region', () => {
    const stack = dev.assembly.getStackByName('aos-111111111111-delivery');
    assert.equal(stack.environment.account, '111111111111');
    assert.equal(stack.environment.region, 'eu-west-1');
  });

  it('registers GitHub\'s issuer with the STS audience, no thumbprint, retained', () => {
    assert.equal(provider.Properties.Url, 'https://token.actions.githubusercontent.com');
    assert.deepEqual(provider.Properties.ClientIdList, ['sts.amazonaws.com']);
    assert.equal(provider.Properties.ThumbprintList, undefined, 'IAM verifies GitHub through its trusted CAs');
    assert.equal(provider.DeletionPolicy, 'Retain');
    assert.equal(ofType(template, 'AWS::Lambda::Function').length, 0, 'the native provider needs no custom resource');
  });

  const roles = {
    diff: roleNamed(template, 'aos-github-diff'),
    deploy: roleNamed(template, 'aos-dev-github-deploy'),
    push: roleNamed(template, 'aos-github-push'),
  };

  it('trusts with StringEquals on exactly aud and sub, one statement, web identity only', () => {
    const expected = { diff: `${REPO}:pull_request`, deploy: `${REPO}:environment:dev`, push: `${REPO}:ref:refs/heads/main` };
    for (const [name, role] of Object.entries(roles)) {
      const statements = role.AssumeRolePolicyDocument.Statement;
      assert.equal(statements.length, 1, name);
      assert.equal(statements[0].Action, 'sts:AssumeRoleWithWebIdentity', name);
      assert.deepEqual(statements[0].Principal, { Federated: providerRef }, name);
      assert.deepEqual(statements[0].Condition, { StringEquals: { [`${HOST}:aud`]: 'sts.amazonaws.com', [`${HOST}:sub`]: expected[name as keyof typeof expected] } }, name);
    }
  });

  // Subjects as GitHub writes them (docs.github.com, OpenID Connect reference, "Example subject claims").
  const table: Array<{ role: keyof typeof roles; sub: string; admit: boolean; why: string }> = [
    { role: 'diff', sub: `${REPO}:pull_request`, admit: true, why: 'a pull request of the repository' },
    { role: 'diff', sub: 'repo:example-org/other-repo:pull_request', admit: false, why: 'another repository' },
    { role: 'diff', sub: 'repo:someone/eks-platform:pull_request', admit: false, why: 'a fork (another owner)' },
    { role: 'diff', sub: `${REPO}:ref:refs/heads/main`, admit: false, why: 'a push, not a pull request' },
    { role: 'diff', sub: 'repo:example-org/*:pull_request', admit: false, why: 'a wildcard is a literal under StringEquals' },
    { role: 'diff', sub: 'repo:Example-Org/eks-platform:pull_request', admit: false, why: 'another case: StringEquals is case-sensitive' },
    { role: 'deploy', sub: `${REPO}:environment:dev`, admit: true, why: 'a job of the dev GitHub environment' },
    { role: 'deploy', sub: `${REPO}:environment:prod`, admit: false, why: 'another environment' },
    { role: 'deploy', sub: `${REPO}:ref:refs/heads/main`, admit: false, why: 'main without the environment (no protection rules)' },
    { role: 'deploy', sub: `${REPO}:pull_request`, admit: false, why: 'a pull request' },
    { role: 'deploy', sub: 'repo:someone/eks-platform:environment:dev', admit: false, why: 'a fork\'s environment of the same name' },
    { role: 'deploy', sub: `${REPO}:environment:dev-eu`, admit: false, why: 'a longer name with the same start' },
    { role: 'push', sub: `${REPO}:ref:refs/heads/main`, admit: true, why: 'a push to main' },
    { role: 'push', sub: `${REPO}:ref:refs/heads/feature`, admit: false, why: 'another branch' },
    { role: 'push', sub: `${REPO}:ref:refs/tags/main`, admit: false, why: 'a tag named main' },
    { role: 'push', sub: `${REPO}:ref:refs/heads/main-old`, admit: false, why: 'a branch whose name starts with main' },
    { role: 'push', sub: `${REPO}:pull_request`, admit: false, why: 'a pull request (even one targeting main)' },
    { role: 'push', sub: 'repo:other/eks-platform:ref:refs/heads/main', admit: false, why: 'main of another repository' },
  ];
  for (const row of table) {
    it(`${row.role} role ${row.admit ? 'accepts' : 'refuses'} ${row.sub} (${row.why})`, () => {
      assert.equal(trustAdmits(roles[row.role].AssumeRolePolicyDocument, providerRef, claims(row.sub)), row.admit);
    });
  }

  it('refuses a token for another audience, and a token from another provider', () => {
    for (const role of Object.values(roles)) {
      const sub = role.AssumeRolePolicyDocument.Statement[0].Condition.StringEquals[`${HOST}:sub`];
      assert.equal(trustAdmits(role.AssumeRolePolicyDocument, providerRef, claims(sub, 'https://github.com/example-org')), false);
      assert.equal(trustAdmits(role.AssumeRolePolicyDocument, { Ref: 'OtherProvider' }, claims(sub)), false);
    }
  });

  it('the evaluator itself: StringLike matches patterns, what StringEquals never does', () => {
    const like = { StringLike: { k: 'repo:example-org/eks-platform:*' } };
    assert.equal(conditionsMatch(like, { k: 'repo:example-org/eks-platform:environment:prod' }), true);
    assert.equal(conditionsMatch(like, { k: 'repo:example-org/eks-platform-fork:pull_request' }), false);
    assert.equal(conditionsMatch({ StringEquals: { k: 'a*' } }, { k: 'ab' }), false);
    assert.equal(conditionsMatch({ StringEquals: { k: 'a' } }, {}), false, 'a missing key fails');
    assert.throws(() => conditionsMatch({ ForAnyValueStringLike: { k: 'x' } } as any, { k: 'x' }), /does not know/);
  });

  it('the deploy role may only assume the four bootstrap roles of its own account and region', () => {
    const statements = permissionsOf(template, 'aos-dev-github-deploy');
    assert.equal(statements.length, 1);
    assert.equal(statements[0].Effect, 'Allow');
    assert.equal(statements[0].Action, 'sts:AssumeRole');
    assert.deepEqual([...statements[0].Resource].sort(), [
      'arn:aws:iam::111111111111:role/cdk-hnb659fds-deploy-role-111111111111-eu-west-1',
      'arn:aws:iam::111111111111:role/cdk-hnb659fds-file-publishing-role-111111111111-eu-west-1',
      'arn:aws:iam::111111111111:role/cdk-hnb659fds-image-publishing-role-111111111111-eu-west-1',
      'arn:aws:iam::111111111111:role/cdk-hnb659fds-lookup-role-111111111111-eu-west-1',
    ]);
    assert.equal(roles.deploy.ManagedPolicyArns, undefined, 'no AdministratorAccess or any managed policy');
    assert.equal(roles.deploy.MaxSessionDuration, 7200, 'the deploy action requests 7200 s');
  });

  it('the diff role may only assume the lookup role (read-only) of the account\'s regions', () => {
    const statements = permissionsOf(template, 'aos-github-diff');
    assert.deepEqual(statements.map((s: any) => [s.Action, s.Resource]), [['sts:AssumeRole', 'arn:aws:iam::111111111111:role/cdk-hnb659fds-lookup-role-111111111111-eu-west-1']]);
    assert.equal(roles.diff.ManagedPolicyArns, undefined);
  });

  it('the push role has exactly the push group\'s statements, on the environment\'s repositories', () => {
    const push = permissionsOf(template, 'aos-github-push');
    const group = only(dev.templates.data, 'AWS::IAM::ManagedPolicy')[1].Properties.PolicyDocument.Statement;
    assert.deepEqual(push.map((s: any) => [s.Sid, s.Action]), group.map((s: any) => [s.Sid, s.Action]));
    assert.deepEqual([...push[1].Action].sort(), [...PUSH_ACTIONS].sort());
    assert.deepEqual(
      [...push[1].Resource].sort(),
      dev.model.data.registry.repositories.map((r) => `arn:aws:ecr:eu-west-1:111111111111:repository/${r.name}`).sort(),
    );
    assert.equal(group[1].Resource.length, push[1].Resource.length);
  });
});

describe('delivery variants', () => {
  function model(patch: (d: any) => void) {
    const data = environmentData('dev');
    patch(data);
    const loaded = validateEnvironment(data);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
    return loaded.model;
  }
  function build(models: ReturnType<typeof model>[]) {
    const app = new App({ context: cliContext(), builtinCloudFormationValidation: false });
    const delivery = accountDelivery(models, models[0].account)!;
    const stack = new DeliveryStack(app, delivery.stackName, { delivery });
    return app.synth().getStackByName(stack.stackName).template;
  }

  it('uses GitHub\'s immutable subject format when the file gives the owner and repository ids', () => {
    const m = model((d) => Object.assign(d.delivery.github, { ownerId: 123456, repositoryId: 456789 }));
    assert.equal(m.delivery!.subjects.environment, 'repo:example-org@123456/eks-platform@456789:environment:dev');
    const role = roleNamed(build([m]), 'aos-dev-github-deploy');
    assert.equal(role.AssumeRolePolicyDocument.Statement[0].Condition.StringEquals[`${HOST}:sub`], 'repo:example-org@123456/eks-platform@456789:environment:dev');
  });

  it('uses an existing provider by its ARN, creating none', () => {
    const template = build([model((d) => (d.delivery.oidcProvider = 'existing'))]);
    assert.equal(ofType(template, 'AWS::IAM::OIDCProvider').length, 0);
    const role = roleNamed(template, 'aos-github-push');
    assert.deepEqual(role.AssumeRolePolicyDocument.Statement[0].Principal, { Federated: `arn:aws:iam::111111111111:oidc-provider/${HOST}` });
  });

  it('holds one deploy role per environment of the account, and the lookup roles of each region for diff', () => {
    const dev = model(() => undefined);
    const eu = model((d) => {
      d.name = 'dev-us';
      d.region = 'us-east-1';
      d.availabilityZones = ['us-east-1a', 'us-east-1b', 'us-east-1c'];
      d.delivery.homeRegion = 'eu-west-1';
      d.delivery.bootstrapQualifier = 'team1';
      d.imageMirror = { enabled: false };
      d.cluster.access.edit[0].namespaces = ['dev-us'];
    });
    const template = build([dev, eu]);
    const deploy = roleNamed(template, 'aos-dev-us-github-deploy');
    assert.equal(deploy.AssumeRolePolicyDocument.Statement[0].Condition.StringEquals[`${HOST}:sub`], `${REPO}:environment:dev-us`);
    assert.ok(permissionsOf(template, 'aos-dev-us-github-deploy')[0].Resource.every((arn: string) => arn.endsWith('-111111111111-us-east-1') && arn.includes('cdk-team1-')));
    assert.deepEqual(permissionsOf(template, 'aos-github-diff')[0].Resource, [
      'arn:aws:iam::111111111111:role/cdk-hnb659fds-lookup-role-111111111111-eu-west-1',
      'arn:aws:iam::111111111111:role/cdk-team1-lookup-role-111111111111-us-east-1',
    ]);
    const push = permissionsOf(template, 'aos-github-push')[1].Resource;
    assert.ok(push.includes('arn:aws:ecr:us-east-1:111111111111:repository/aos/dev-us/api') && push.includes('arn:aws:ecr:eu-west-1:111111111111:repository/aos/dev/api'));
  });

  it('a non-default bootstrap qualifier reaches the environment\'s stacks too', () => {
    const s = synth('dev', (d) => (d.delivery.bootstrapQualifier = 'team1'));
    const network = s.assembly.getStackByName('aos-dev-network');
    assert.match(network.assumeRoleArn ?? '', /cdk-team1-deploy-role/);
    assert.deepEqual(s.templates.network.Parameters.BootstrapVersion.Default, '/cdk-bootstrap/team1/version');
  });

  it('an environment without a delivery section gets no delivery stack', () => {
    const s = synth('dev', (d) => delete d.delivery);
    assert.equal(s.platform.delivery, undefined);
    assert.ok(!s.assembly.stacks.some((st) => st.stackName.endsWith('-delivery')));
  });
});

describe('delivery.github names copied from a clone URL (issue 24 item 7)', () => {
  const problemsOf = (patch: (g: any) => void): string[] => {
    const data = environmentData('dev');
    patch(data.delivery.github);
    const r = validateEnvironment(data);
    return r.ok ? [] : r.problems.map((p) => `${p.path}: ${p.message}`);
  };
  const table: Array<[string, (g: any) => void, string]> = [
    ['a repository with .git', (g) => (g.repository = 'eks-platform.git'), 'delivery.github.repository: repository is the name as GitHub shows it, without the clone suffix: write "eks-platform"'],
    ['a repository as an HTTPS URL', (g) => (g.repository = 'https://github.com/example-org/eks-platform.git'), 'delivery.github.repository: repository is a name, not a URL: write owner "example-org" and repository "eks-platform" separately, without github.com'],
    ['a repository as an SSH address', (g) => (g.repository = 'git@github.com:example-org/eks-platform.git'), 'delivery.github.repository: repository is a name, not a URL: write owner "example-org" and repository "eks-platform" separately, without github.com'],
    ['a repository as owner/name', (g) => (g.repository = 'example-org/eks-platform'), 'delivery.github.repository: repository is the name without the owner: write owner "example-org" and repository "eks-platform"'],
    ['an owner as a URL', (g) => (g.owner = 'https://github.com/example-org'), 'delivery.github.owner: owner is a name, not a URL: write owner "example-org" separately, without github.com'],
  ];
  for (const [name, patch, expected] of table) {
    it(`refuses ${name} once, on its field, with the names to write`, () => {
      assert.deepEqual(problemsOf(patch), [expected]);
    });
  }
  it('still accepts names with dots and refuses other characters with the general rule', () => {
    assert.deepEqual(problemsOf((g) => (g.repository = 'eks.platform')), []);
    assert.match(problemsOf((g) => (g.repository = 'eks platform')).join('\n'), /^delivery\.github\.repository: repository is a GitHub repository name/);
  });
});
