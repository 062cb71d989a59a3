/** The workload identity roles as a table: printed by the main job, written to docs/ by npm run docs. */
import type { PlatformModel, ResolvedRole } from '../config/model';
import type { DataResource } from '../identity/policy-statements';

export interface RoleRow {
  readonly role: string;
  readonly serviceAccounts: string;
  readonly binding: string;
  readonly actions: readonly string[];
  readonly resources: readonly string[];
}

function binding(model: PlatformModel, role: ResolvedRole): string {
  const mode = role.mode === 'irsa' ? 'IRSA' : 'Pod Identity';
  if (role.mode !== model.identity.mode) return `${mode} (runs on Fargate)`;
  return role.addon ? `${mode} via add-on ${role.addon}` : mode;
}

/** How a data-stack resource reads in the table (its ARN exists only once deployed). */
function dataResourceLabel(model: PlatformModel, ref: DataResource): string {
  const { data } = model;
  switch (ref) {
    case 'key:data':
      return `key ${data.keys.data.alias}`;
    case 'key:infra':
      return `key ${data.keys.infra.alias}`;
    case 'secret:aurora':
      return `secret of ${data.aurora.clusterIdentifier} (managed by RDS)`;
    case 'secret:redis':
      return `secret ${data.redis.authSecretName}`;
    case 'secret:documentdb':
      return `secret ${data.documentdb.secretName}`;
  }
}

export function roleRows(model: PlatformModel): RoleRow[] {
  return model.identity.roles.map((role) => {
    const statements = [
      ...role.statements.map((s) => ({ actions: s.actions, resources: [...s.resources, ...(s.dataResources ?? []).map((r) => dataResourceLabel(model, r))] })),
      ...(role.publishedPolicy?.statements ?? []).map((s) => ({ actions: [s.Action].flat(), resources: [s.Resource].flat() })),
    ];
    return {
      role: role.roleName,
      serviceAccounts: role.serviceAccounts.map((sa) => `${role.namespace}:${sa}`).join(', '),
      binding: binding(model, role),
      actions: [...new Set([...role.managedPolicies.map((p) => `managed policy ${p.split('/').pop()}`), ...statements.flatMap((s) => s.actions)])],
      resources: [...new Set(statements.flatMap((s) => s.resources))],
    };
  });
}

/** A compact version for the terminal. */
export function roleSummaryLines(model: PlatformModel): string[] {
  return roleRows(model).map((r) => {
    const actions = r.actions.length === 1 ? r.actions[0] : `${r.actions.length} actions`;
    const resources = r.resources.length ? `, ${r.resources.length} resource patterns` : '';
    return [r.role, r.serviceAccounts, r.binding, `${actions}${resources}`].join('  |  ');
  });
}

/** The Markdown table of docs/workload-identity.md. */
export function roleTableMarkdown(model: PlatformModel): string[] {
  const code = (xs: readonly string[]) => xs.map((x) => `\`${x}\``).join('<br>');
  return [
    '| role | service accounts | binding | actions | resources |',
    '|---|---|---|---|---|',
    ...roleRows(model).map((r) =>
      `| ${r.role} | ${r.serviceAccounts} | ${r.binding} | ${code(r.actions)} | ${r.resources.length ? code(r.resources) : '(AWS managed policy)'} |`,
    ),
  ];
}
