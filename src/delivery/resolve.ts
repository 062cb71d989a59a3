/**
 * Delivery as one environment configures it: the GitHub subjects its roles trust, the names and
 * ARNs of those roles, and the CDK bootstrap roles its deploy role may assume. Names are derived
 * here only, so the delivery stack, the fleet matrix and the docs agree.
 */
import type { DeliveryConfig, DeliveryWave } from './schema';

/** GitHub Actions' OIDC issuer (docs.github.com, OpenID Connect reference). */
export const GITHUB_OIDC_HOST = 'token.actions.githubusercontent.com';
export const GITHUB_OIDC_URL = `https://${GITHUB_OIDC_HOST}`;
/** The audience configure-aws-credentials requests. */
export const GITHUB_OIDC_AUDIENCE = 'sts.amazonaws.com';
/** The branch whose pushes may publish images. */
export const MAIN_BRANCH = 'main';

/** The four roles of a CDK bootstrap (bootstrap-template.yaml of aws-cdk 2.1148, RoleName of each). */
export const BOOTSTRAP_ROLES = ['deploy', 'file-publishing', 'image-publishing', 'lookup'] as const;
export type BootstrapRole = (typeof BOOTSTRAP_ROLES)[number];

export interface GitHubRepository {
  readonly owner: string;
  readonly name: string;
  readonly ownerId?: number;
  readonly repositoryId?: number;
  /** `owner/name`, as `github.repository` spells it in a workflow. */
  readonly slug: string;
}

export interface DeliveryRole {
  readonly name: string;
  readonly arn: string;
}

export interface DeliveryModel {
  readonly repository: GitHubRepository;
  readonly githubEnvironment: string;
  readonly wave: DeliveryWave;
  readonly protected: boolean;
  readonly qualifier: string;
  readonly homeRegion: string;
  readonly oidcProvider: 'create' | 'existing';
  /** `<project>-<account>-delivery`: one per account. */
  readonly stackName: string;
  /** The subjects (`sub` claims) each role trusts, exactly. */
  readonly subjects: { readonly pullRequest: string; readonly environment: string; readonly main: string };
  readonly roles: { readonly deploy: DeliveryRole; readonly diff: DeliveryRole; readonly push: DeliveryRole };
  /** The bootstrap roles of this environment's account and region. */
  readonly bootstrapRoleArns: Readonly<Record<BootstrapRole, string>>;
}

export interface DeliveryContext {
  readonly project: string;
  readonly envName: string;
  readonly account: string;
  readonly region: string;
  readonly partition: string;
}

/** `repo:<owner>/<name>`, or GitHub's immutable form `repo:<owner>@<id>/<name>@<id>`. */
export function subjectPrefix(repository: GitHubRepository): string {
  return repository.ownerId !== undefined && repository.repositoryId !== undefined
    ? `repo:${repository.owner}@${repository.ownerId}/${repository.name}@${repository.repositoryId}`
    : `repo:${repository.owner}/${repository.name}`;
}

export function roleArn(partition: string, account: string, name: string): string {
  return `arn:${partition}:iam::${account}:role/${name}`;
}

/** `cdk-<qualifier>-<role>-role-<account>-<region>`, as the bootstrap template names them. */
export function bootstrapRoleName(qualifier: string, role: BootstrapRole, account: string, region: string): string {
  return `cdk-${qualifier}-${role}-role-${account}-${region}`;
}

/** Role names: per account for the diff and push roles (one project per account), per environment for deploy. */
export function deliveryRoleNames(project: string, envName: string): { deploy: string; diff: string; push: string } {
  return { deploy: `${project}-${envName}-github-deploy`, diff: `${project}-github-diff`, push: `${project}-github-push` };
}

export function resolveDelivery(config: DeliveryConfig | undefined, ctx: DeliveryContext): DeliveryModel | undefined {
  if (!config) return undefined;
  const { github } = config;
  const repository: GitHubRepository = {
    owner: github.owner,
    name: github.repository,
    ownerId: github.ownerId,
    repositoryId: github.repositoryId,
    slug: `${github.owner}/${github.repository}`,
  };
  const prefix = subjectPrefix(repository);
  const githubEnvironment = github.environment ?? ctx.envName;
  const names = deliveryRoleNames(ctx.project, ctx.envName);
  const role = (name: string): DeliveryRole => ({ name, arn: roleArn(ctx.partition, ctx.account, name) });
  const bootstrap = (r: BootstrapRole) => roleArn(ctx.partition, ctx.account, bootstrapRoleName(config.bootstrapQualifier, r, ctx.account, ctx.region));
  return {
    repository,
    githubEnvironment,
    wave: config.wave as DeliveryWave,
    protected: config.protected,
    qualifier: config.bootstrapQualifier,
    homeRegion: config.homeRegion ?? ctx.region,
    oidcProvider: config.oidcProvider,
    stackName: `${ctx.project}-${ctx.account}-delivery`,
    subjects: {
      pullRequest: `${prefix}:pull_request`,
      environment: `${prefix}:environment:${githubEnvironment}`,
      main: `${prefix}:ref:refs/heads/${MAIN_BRANCH}`,
    },
    roles: { deploy: role(names.deploy), diff: role(names.diff), push: role(names.push) },
    bootstrapRoleArns: {
      deploy: bootstrap('deploy'),
      'file-publishing': bootstrap('file-publishing'),
      'image-publishing': bootstrap('image-publishing'),
      lookup: bootstrap('lookup'),
    },
  };
}
