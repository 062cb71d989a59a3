/** cdk-nag findings of the delivery stack acknowledged by design, each with its reason. */
import { Validations } from 'aws-cdk-lib';
import type { DeliveryStack } from '../stacks/delivery-stack';

export function acknowledgeDeliveryFindings(stack: DeliveryStack): void {
  // The role's construct and its customer managed policy (src/delivery/github-role.ts).
  Validations.of(stack.pushRole.node.scope!).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason:
      'The push role carries the image push group\'s statements: ecr:GetAuthorizationToken has no resource type, so a registry login can only name "*"; pushing is allowed only on the listed repositories.',
  });
}
