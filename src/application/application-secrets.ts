import { RemovalPolicy } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { SecretSet } from './resolve';

export interface ApplicationSecretsProps {
  /** The sets that are the application's own (they carry a `<project>/<env>/` name). */
  readonly sets: readonly SecretSet[];
  /** The data key's ARN (the data stack's output): every project secret is encrypted with it. */
  readonly dataKeyArn: string;
  readonly retain: boolean;
}

/**
 * The application's own secrets in Secrets Manager, generated at creation so that no value is
 * ever written anywhere else, encrypted with the data key, and named under the project prefix
 * where the secrets updater (sa-secrets-manager) may rotate them. The pods mount them through the
 * CSI driver; they exist before the release, so a mount never waits for one.
 */
export class ApplicationSecrets extends Construct {
  /** ARN of each secret, by set name. */
  readonly arns = new Map<string, string>();

  constructor(scope: Construct, id: string, props: ApplicationSecretsProps) {
    super(scope, id);
    for (const set of props.sets) {
      if (!set.secretName) continue;
      const secret = new secretsmanager.CfnSecret(this, set.name, {
        name: set.secretName,
        description: set.description,
        kmsKeyId: props.dataKeyArn,
        generateSecretString: { passwordLength: 48, excludePunctuation: true },
      });
      secret.applyRemovalPolicy(props.retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY);
      this.arns.set(set.name, secret.ref);
    }
  }
}
