import { CfnOutput, DefaultStackSynthesizer, Duration, RemovalPolicy, Stack, Tags } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import type { AccountDelivery } from '../delivery/fleet';
import { GitHubRole } from '../delivery/github-role';
import { DEFAULT_BOOTSTRAP_QUALIFIER } from '../delivery/schema';
import { GITHUB_OIDC_AUDIENCE, GITHUB_OIDC_HOST, GITHUB_OIDC_URL } from '../delivery/resolve';
import { pushStatements } from '../registry/image-repositories';

export interface DeliveryStackProps {
  readonly delivery: AccountDelivery;
}

/** Longest deploy a session must outlive: a first deploy of an environment takes about an hour. */
export const DEPLOY_SESSION = Duration.hours(2);

/**
 * Lifecycle: the pipeline's identities in one account (SPEC section 9), deployed by an
 * administrator before the first pipeline run, in the account's home region (IAM is global).
 * The GitHub OIDC provider (one per account), a diff role for pull requests, a deploy role per
 * environment of the account, and an image push role for main.
 */
export class DeliveryStack extends Stack {
  readonly delivery: AccountDelivery;
  readonly providerArn: string;
  readonly diffRole: iam.Role;
  readonly pushRole: iam.Role;
  readonly deployRoles = new Map<string, iam.Role>();

  constructor(scope: Construct, id: string, props: DeliveryStackProps) {
    const { delivery } = props;
    super(scope, id, {
      env: { account: delivery.account, region: delivery.homeRegion },
      description: `eks-platform ${delivery.project}: GitHub Actions identities of account ${delivery.account} (${delivery.repository.slug})`,
      terminationProtection: delivery.retain,
      synthesizer: delivery.homeQualifier === DEFAULT_BOOTSTRAP_QUALIFIER ? undefined : new DefaultStackSynthesizer({ qualifier: delivery.homeQualifier }),
    });
    this.delivery = delivery;
    for (const [key, value] of Object.entries(delivery.tags)) Tags.of(this).add(key, value);

    if (delivery.oidcProvider === 'create') {
      const provider = new iam.OidcProviderNative(this, 'GitHubOidcProvider', {
        url: GITHUB_OIDC_URL,
        clientIds: [GITHUB_OIDC_AUDIENCE],
        // No thumbprint: IAM verifies GitHub's JWKS endpoint with its library of trusted root CAs.
        // Other workloads of the account may trust the provider: keep it if the stack goes.
        removalPolicy: RemovalPolicy.RETAIN,
      });
      this.providerArn = provider.oidcProviderArn;
    } else {
      // The provider's ARN follows from its URL: arn:<partition>:iam::<account>:oidc-provider/<host>.
      this.providerArn = `arn:${delivery.partition}:iam::${delivery.account}:oidc-provider/${GITHUB_OIDC_HOST}`;
    }
    const providerArn = this.providerArn;

    this.diffRole = new GitHubRole(this, 'DiffRole', {
      providerArn,
      roleName: delivery.diffRole.name,
      subject: delivery.subjects.pullRequest,
      description: `cdk diff from pull requests of ${delivery.repository.slug}: may only assume the CDK lookup roles (read-only)`,
      statements: [new iam.PolicyStatement({ sid: 'AssumeLookupRoles', actions: ['sts:AssumeRole'], resources: [...delivery.lookupRoleArns] })],
    }).role;

    for (const env of delivery.environments) {
      const arns = env.bootstrapRoleArns;
      this.deployRoles.set(
        env.name,
        new GitHubRole(this, `DeployRole-${env.name}`, {
          providerArn,
          roleName: env.deployRole.name,
          subject: env.subject,
          description: `Deploys ${delivery.project}-${env.name} from the GitHub environment ${env.githubEnvironment}: may only assume the CDK bootstrap roles of ${delivery.account}/${env.region}`,
          maxSessionDuration: DEPLOY_SESSION,
          statements: [
            new iam.PolicyStatement({
              sid: 'AssumeBootstrapRoles',
              actions: ['sts:AssumeRole'],
              resources: [arns.deploy, arns['file-publishing'], arns['image-publishing'], arns.lookup],
            }),
          ],
        }).role,
      );
    }

    this.pushRole = new GitHubRole(this, 'PushRole', {
      providerArn,
      roleName: delivery.pushRole.name,
      subject: delivery.subjects.main,
      description: `Pushes application images from main of ${delivery.repository.slug}: the image push group's permissions`,
      statements: pushStatements(delivery.environments.flatMap((e) => e.repositoryArns)),
    }).role;

    new CfnOutput(this, 'DiffRoleArn', { value: this.diffRole.roleArn, description: 'Role of the check workflow\'s cdk diff (pull requests)' });
    new CfnOutput(this, 'PushRoleArn', { value: this.pushRole.roleArn, description: 'Role of the images workflow (main)' });
    for (const [name, role] of this.deployRoles) {
      new CfnOutput(this, `DeployRoleArn-${name}`, { value: role.roleArn, description: `Deploy role of ${name}` });
    }
  }
}
