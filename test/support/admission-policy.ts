/**
 * A ValidatingAdmissionPolicy evaluated as the API server does for one request, with a real CEL
 * evaluator (@marcbachmann/cel-js): the request matches the policy's resource rules (group,
 * version, resource, operation), then every match condition must be true, then every validation
 * must be true or the request is denied with the validation's message. The CEL variables are the
 * ones Kubernetes declares for admission: `object`, `oldObject` (null on CREATE) and `request`.
 * What the harness does not model: namespace selectors, params, authorizer, audit annotations
 * (the platform's policies use none of them).
 */
import assert from 'node:assert/strict';

export interface AdmissionRequest {
  readonly operation: 'CREATE' | 'UPDATE' | 'DELETE';
  /** The resource's group (core: ''), version and plural name. */
  readonly group: string;
  readonly version: string;
  readonly resource: string;
  readonly object: Record<string, unknown>;
  readonly oldObject?: Record<string, unknown>;
}

export type AdmissionResult = { readonly matched: false } | { readonly matched: true; readonly allowed: boolean; readonly message?: string };

type Evaluate = (expression: string, context: Record<string, unknown>) => unknown;
let evaluator: Promise<Evaluate> | undefined;

/** The CEL evaluator (an ES module, loaded once). */
function cel(): Promise<Evaluate> {
  evaluator ??= import('@marcbachmann/cel-js').then((m) => (expression: string, context: Record<string, unknown>) => m.evaluate(expression, context));
  return evaluator;
}

const matches = (list: readonly string[] | undefined, value: string) => (list ?? []).some((x) => x === '*' || x === value);

export async function admit(policy: any, request: AdmissionRequest): Promise<AdmissionResult> {
  assert.equal(policy.kind, 'ValidatingAdmissionPolicy');
  const rules: any[] = policy.spec.matchConstraints?.resourceRules ?? [];
  const ruled = rules.some(
    (r) => matches(r.apiGroups, request.group) && matches(r.apiVersions, request.version) && matches(r.resources, request.resource) && matches(r.operations, request.operation),
  );
  if (!ruled) return { matched: false };
  const evaluate = await cel();
  const context = {
    object: request.object,
    oldObject: request.oldObject ?? null,
    request: { operation: request.operation, resource: { group: request.group, version: request.version, resource: request.resource } },
  };
  for (const condition of policy.spec.matchConditions ?? []) {
    const value = evaluate(condition.expression, context);
    assert.equal(typeof value, 'boolean', `match condition ${condition.name} must be a bool`);
    if (!value) return { matched: false };
  }
  for (const validation of policy.spec.validations ?? []) {
    const value = evaluate(validation.expression, context);
    assert.equal(typeof value, 'boolean', `validation ${validation.expression} must be a bool`);
    if (!value) return { matched: true, allowed: false, message: validation.message };
  }
  return { matched: true, allowed: true };
}

/** A Service create (or an update from `old`) against a policy. */
export function serviceRequest(object: Record<string, unknown>, old?: Record<string, unknown>): AdmissionRequest {
  return { operation: old ? 'UPDATE' : 'CREATE', group: '', version: 'v1', resource: 'services', object, oldObject: old };
}
