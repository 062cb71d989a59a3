import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { CustomerManagedPolicy } from '../security/managed-policy';
import { GITHUB_OIDC_AUDIENCE, GITHUB_OIDC_HOST } from './resolve';

export interface GitHubRoleProps {
  /** ARN of the account's GitHub OIDC provider. */
  readonly providerArn: string;
  readonly roleName: string;
  /** The one subject (`sub` claim) the role trusts, e.g. `repo:org/repo:environment:prod`. */
  readonly subject: string;
  readonly description: string;
  readonly statements: readonly iam.PolicyStatement[];
  /**
   * Longest session a workflow may request.
   * @default 1 hour
   */
  readonly maxSessionDuration?: Duration;
}

/** The trust conditions of a GitHub role: StringEquals on the audience and the exact subject, nothing looser. */
export function githubTrustConditions(subject: string): Record<string, Record<string, string>> {
  return { StringEquals: { [`${GITHUB_OIDC_HOST}:aud`]: GITHUB_OIDC_AUDIENCE, [`${GITHUB_OIDC_HOST}:sub`]: subject } };
}

/**
 * An IAM role that only a GitHub Actions job with one exact subject can assume, through the
 * account's OIDC provider (sts:AssumeRoleWithWebIdentity; configure-aws-credentials sets no
 * session tags with OIDC, so no sts:TagSession). Its permissions are the given statements, in a
 * customer managed policy of the role's name.
 */
export class GitHubRole extends Construct {
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: GitHubRoleProps) {
    super(scope, id);
    this.role = new iam.Role(this, 'Role', {
      roleName: props.roleName,
      description: props.description,
      assumedBy: new iam.WebIdentityPrincipal(props.providerArn, githubTrustConditions(props.subject)),
      maxSessionDuration: props.maxSessionDuration ?? Duration.hours(1),
    });
    // Customer managed, not inline: IAM versions every change of what the pipeline may do.
    new CustomerManagedPolicy(this, 'Permissions', {
      managedPolicyName: props.roleName,
      description: `Permissions of ${props.roleName}`,
      statements: props.statements,
      roles: [this.role],
    });
  }
}
