/** cdk-nag findings of the application layer, acknowledged one id at a time with their reasons. */
import { Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { ApplicationStack } from '../stacks/application-stack';
import { acknowledge, nistHipaa } from './acknowledge';

export function acknowledgeApplicationFindings(application: ApplicationStack, cluster: IConstruct): void {
  for (const secret of application.secrets.node.children) {
    acknowledge(
      secret,
      ['AwsSolutions-SMG4', ...nistHipaa('SecretsManagerRotationEnabled')],
      'An application secret generated at creation under <project>/<env>/: the application\'s secrets updater (sa-secrets-manager) rotates it where the consumer supports it; InfluxDB\'s setup credentials take effect once at initialization, so a Secrets Manager rotation function could not change them inside InfluxDB.',
    );
  }
  const release = application.release;
  if (!release) return;
  // HelmChart grants the kubectl handler read of the bootstrap asset bucket to download the chart.
  const policy = cluster.node.tryFindChild('KubectlProvider')?.node.tryFindChild('Handler')?.node.tryFindChild('ServiceRole')?.node.tryFindChild('DefaultPolicy');
  if (!policy) return;
  const bucketArn = Stack.of(policy).resolve(release.asset.bucket.bucketArn) as string;
  const reason = 'aws-cdk-lib (HelmChart chartAsset) lets the kubectl handler read the bootstrap asset bucket, where the deploy uploads the application chart; read-only and that one bucket, whose object keys are content hashes.';
  for (const finding of ['Action::s3:GetBucket*', 'Action::s3:GetObject*', 'Action::s3:List*', `Resource::${bucketArn}/*`]) {
    Validations.of(policy).acknowledge({ id: `AwsSolutions-IAM5[${finding}]`, reason });
  }
}
