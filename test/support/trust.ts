/**
 * Evaluates the Condition block of an IAM trust policy statement against a request's context
 * keys, with IAM's semantics for the operators the pipeline roles may use: every operator and every
 * key of a block must match (AND), any value of a key matches (OR), StringEquals is exact and
 * case-sensitive, StringLike has `*` (any run, even across `:` and `/`) and `?` (one character),
 * and a key missing from the request fails the condition.
 *
 * Why our own: the one npm IAM simulator (@cloud-copilot/iam-simulate 0.1.173, AGPL-3.0) drops
 * OIDC provider keys such as `token.actions.githubusercontent.com:sub` as unknown context keys,
 * so it denies even the correct subject (tried: "failedBecauseMissing").
 */
export type Context = Readonly<Record<string, string>>;

function likeToRegExp(pattern: string): RegExp {
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 's');
}

const OPERATORS: Record<string, (value: string, expected: string) => boolean> = {
  StringEquals: (v, e) => v === e,
  StringLike: (v, e) => likeToRegExp(e).test(v),
};

/** Does the statement's Condition admit the request? Unknown operators throw, so a test cannot pass by accident. */
export function conditionsMatch(condition: Record<string, Record<string, string | string[]>> | undefined, context: Context): boolean {
  for (const [operator, keys] of Object.entries(condition ?? {})) {
    const test = OPERATORS[operator];
    if (!test) throw new Error(`the evaluator does not know ${operator}`);
    for (const [key, expected] of Object.entries(keys)) {
      const value = context[key];
      if (value === undefined) return false;
      if (![expected].flat().some((e) => test(value, e))) return false;
    }
  }
  return true;
}

/** Would a web identity request with these claims assume the role? Any Allow statement for the action and provider. */
export function trustAdmits(trustPolicy: any, providerArnOrRef: unknown, context: Context): boolean {
  return (trustPolicy.Statement as any[]).some(
    (s) =>
      s.Effect === 'Allow' &&
      [s.Action].flat().includes('sts:AssumeRoleWithWebIdentity') &&
      JSON.stringify(s.Principal?.Federated) === JSON.stringify(providerArnOrRef) &&
      conditionsMatch(s.Condition, context),
  );
}
