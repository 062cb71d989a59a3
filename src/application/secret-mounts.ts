/**
 * What a role needs to mount its pods' secrets through the CSI driver (SPEC section 9: with the
 * pod's own role). The AWS provider calls DescribeSecret and GetSecretValue
 * (aws/secrets-store-csi-driver-provider-aws provider/secrets_manager_provider.go), and Secrets
 * Manager decrypts with the data key on the caller's behalf. Roles whose catalog entry already
 * grants that (SPEC's "Secrets Manager (full)" roles) get nothing more; the others get exactly
 * the secrets their pods mount.
 */
import type { ResolvedRole } from '../identity/resolved-role';
import type { ResourceScope, StatementSpec } from '../identity/policy-statements';
import { accountsMounting, type ApplicationModel, type SecretSet } from './resolve';

export const MOUNT_ACTIONS = ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'] as const;

/** The ARN pattern of a secret the application stack names: Secrets Manager appends `-` and 6 characters. */
export function applicationSecretArn(scope: ResourceScope, secretName: string): string {
  return `arn:${scope.partition}:secretsmanager:${scope.region}:${scope.account}:secret:${secretName}-??????`;
}

/** IAM wildcard match (`*` any run, `?` one character). */
function matches(pattern: string, value: string): boolean {
  const re = new RegExp(`^${pattern.split('').map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^$()[\]{}|\\/]/g, '\\$&'))).join('')}$`);
  return re.test(value);
}

/** Whether a role's statements already let it mount a set (both actions on it, and the key through Secrets Manager). */
function covers(role: ResolvedRole, scope: ResourceScope, set: SecretSet): boolean {
  const granted = (action: string) =>
    role.statements.some(
      (st) =>
        !st.conditions &&
        st.actions.includes(action) &&
        (set.data ? (st.dataResources ?? []).includes(set.data) : st.resources.some((r) => matches(r, `${applicationSecretArn(scope, set.secretName!).slice(0, -7)}-AbCdEf`))),
    );
  const key = role.statements.some((st) => st.actions.includes('kms:Decrypt') && (st.dataResources ?? []).includes('key:data'));
  return MOUNT_ACTIONS.every(granted) && key;
}

/** The statements a role gains for the secrets its pods mount (empty when its entry covers them). */
export function mountStatements(role: ResolvedRole, scope: ResourceScope, app: ApplicationModel): StatementSpec[] {
  const sets = app.secretSets.filter((set) => role.serviceAccounts.some((sa) => accountsMounting(app, set).includes(sa)));
  const missing = sets.filter((set) => !covers(role, scope, set));
  if (missing.length === 0) return [];
  const names = missing.filter((s) => s.secretName).map((s) => applicationSecretArn(scope, s.secretName!));
  return [
    {
      sid: 'MountSecrets',
      actions: [...MOUNT_ACTIONS],
      resources: names,
      dataResources: missing.flatMap((s) => (s.data ? [s.data] : [])),
      ...(names.length ? { wildcardReason: 'each secret by its name; Secrets Manager appends six random characters to its ARN (-??????)' } : {}),
    },
    {
      sid: 'MountSecretsKey',
      actions: ['kms:Decrypt'],
      resources: [],
      dataResources: ['key:data'],
      conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${scope.region}.amazonaws.com` } },
    },
  ];
}

/** The resolved roles with the mount statements added to the application roles that need them. */
export function withSecretMounts(roles: readonly ResolvedRole[], scope: ResourceScope, app: ApplicationModel): ResolvedRole[] {
  return roles.map((role) => (role.kind === 'application' ? { ...role, statements: [...role.statements, ...mountStatements(role, scope, app)] } : role));
}
