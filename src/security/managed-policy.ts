import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

/**
 * IAM's size limit of a customer managed policy: 6,144 characters, whitespace not counted. A
 * policy is filled to a little less, measured on the template's rendering of each statement,
 * which is longer than what IAM stores (`{"Ref":"AWS::Partition"}` and `Fn::Join` become `aws`).
 */
export const MANAGED_POLICY_LIMIT = 6144;
const BUDGET = MANAGED_POLICY_LIMIT - 344;

export interface CustomerManagedPolicyProps {
  /** Name of the (first) policy; a policy too large for one document continues in `<name>-2`, `<name>-3`. */
  readonly managedPolicyName: string;
  readonly description: string;
  readonly statements: readonly iam.PolicyStatement[];
  readonly roles?: readonly iam.IRole[];
  readonly groups?: readonly iam.IGroup[];
}

/**
 * A role's or group's own permissions as customer managed policies rather than inline ones
 * (NIST 800-53 AC-6 and HIPAA 164.312(a)(1) packs: IAMNoInlinePolicy). IAM keeps the last five
 * versions of each managed policy, so every change of a grant is recorded and can be rolled
 * back, and an auditor reads each grant as one named, versioned document. A grant larger than
 * one document is split at statement boundaries into `<name>`, `<name>-2`, ...
 */
export class CustomerManagedPolicy extends Construct {
  readonly policies: iam.ManagedPolicy[] = [];

  constructor(scope: Construct, id: string, props: CustomerManagedPolicyProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const size = (st: iam.PolicyStatement) => JSON.stringify(stack.resolve(st.toStatementJson())).replace(/\s/g, '').length;
    const parts: iam.PolicyStatement[][] = [];
    let used = 0;
    for (const st of props.statements) {
      const n = size(st);
      if (n > BUDGET) throw new Error(`${props.managedPolicyName}: statement ${st.sid ?? ''} alone is ${n} characters, more than a managed policy holds (${MANAGED_POLICY_LIMIT}); split it`);
      if (parts.length === 0 || used + n + 1 > BUDGET) {
        parts.push([]);
        used = 0;
      }
      parts[parts.length - 1].push(st);
      used += n + 1;
    }
    parts.forEach((statements, i) => {
      this.policies.push(
        new iam.ManagedPolicy(this, i === 0 ? 'Policy' : `Policy${i + 1}`, {
          managedPolicyName: i === 0 ? props.managedPolicyName : `${props.managedPolicyName}-${i + 1}`,
          description: parts.length === 1 ? props.description : `${props.description} (part ${i + 1} of ${parts.length})`,
          document: new iam.PolicyDocument({ statements }),
          roles: props.roles ? [...props.roles] : undefined,
          groups: props.groups ? [...props.groups] : undefined,
        }),
      );
    });
  }
}
