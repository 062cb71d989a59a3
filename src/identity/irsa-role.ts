import { CfnJson, Fn } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { oneOrList, type ServiceAccountRoleProps } from './service-account-role';

export interface IrsaRoleProps extends ServiceAccountRoleProps {
  /** The cluster's IAM OIDC provider. */
  readonly provider: iam.IOpenIdConnectProvider;
  /** The cluster's OIDC issuer URL (https://oidc.eks...). */
  readonly issuerUrl: string;
}

/**
 * An IAM role for service accounts (IRSA): only the listed service accounts of one namespace,
 * presenting a token of this cluster's issuer for STS, may assume it. `StringEquals` (never
 * `StringLike`) on both `sub` and `aud`.
 */
export class IrsaRole extends Construct {
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: IrsaRoleProps) {
    super(scope, id);
    // The issuer is only known at deploy time and condition keys cannot be tokens, hence CfnJson
    // (one shared provider function per stack).
    const issuer = Fn.select(1, Fn.split('https://', props.issuerUrl));
    const subjects = props.serviceAccounts.map((sa) => `system:serviceaccount:${props.namespace}:${sa}`);
    const conditions = new CfnJson(this, 'TrustConditions', {
      value: {
        [`${issuer}:sub`]: oneOrList(subjects),
        [`${issuer}:aud`]: 'sts.amazonaws.com',
      },
    });
    this.role = new iam.Role(this, 'Role', {
      roleName: props.roleName,
      description: props.description,
      assumedBy: new iam.FederatedPrincipal(
        props.provider.openIdConnectProviderArn,
        { StringEquals: conditions },
        'sts:AssumeRoleWithWebIdentity',
      ),
      managedPolicies: [...(props.managedPolicies ?? [])],
    });
  }
}
