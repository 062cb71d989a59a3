import * as iam from 'aws-cdk-lib/aws-iam';

/**
 * The key policy statement of AWS Control Tower's control CT.KMS.PR.3: nobody may create a grant
 * on the key unless the grant is for an AWS resource (an AWS service integrated with KMS creates
 * it on the caller's behalf: EKS, RDS, EBS, Backup...) or the caller is an AWS service. A
 * principal allowed to use the key can then not hand that use on to someone else through a
 * grant. Written exactly as the control reads it (`BoolIfExists`, both keys "false").
 */
export function grantsOnlyForAwsResources(): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'GrantsOnlyForAwsResources',
    effect: iam.Effect.DENY,
    principals: [new iam.AnyPrincipal()],
    actions: ['kms:CreateGrant'],
    resources: ['*'],
    conditions: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
  });
}
