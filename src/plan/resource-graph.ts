/**
 * The creation graph of one CloudFormation template, as CloudFormation itself derives it: a
 * resource waits for every resource named in its DependsOn and for every resource its
 * properties read through Ref, Fn::GetAtt or Fn::Sub. References to parameters, pseudo
 * parameters and other stacks' outputs (Fn::GetStackOutput) are not edges inside the stack:
 * they exist before the stack starts.
 */

export interface TemplateResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly DependsOn?: string | readonly string[];
  readonly Condition?: string;
}

export interface Template {
  readonly Resources?: Record<string, TemplateResource>;
}

export interface ResourceNode {
  readonly logicalId: string;
  readonly type: string;
  readonly properties: Record<string, unknown>;
  /** Logical ids of the resources this one waits for. */
  readonly after: readonly string[];
}

/** `${Name}` and `${Name.Attribute}` in an Fn::Sub string (`${!Literal}` is an escape, not a reference). */
function subReferences(text: string): string[] {
  return [...text.matchAll(/\$\{([^!}][^}]*)\}/g)].map((m) => m[1].split('.')[0].trim());
}

/** Every logical name an intrinsic function inside `value` reads. */
export function referencedNames(value: unknown, found: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) {
    for (const v of value) referencedNames(v, found);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      if (key === 'Ref' && typeof v === 'string') {
        found.add(v);
      } else if (key === 'Fn::GetAtt') {
        const target = Array.isArray(v) ? v[0] : typeof v === 'string' ? v.split('.')[0] : undefined;
        if (typeof target === 'string') found.add(target);
        else referencedNames(v, found);
      } else if (key === 'Fn::Sub') {
        const [text, variables] = Array.isArray(v) ? v : [v, undefined];
        const local = new Set(Object.keys((variables as Record<string, unknown>) ?? {}));
        if (typeof text === 'string') for (const name of subReferences(text)) if (!local.has(name)) found.add(name);
        if (variables) referencedNames(variables, found);
      } else {
        referencedNames(v, found);
      }
    }
  }
  return found;
}

/** The resources of a template with the edges CloudFormation follows when it creates them. */
export function resourceGraph(template: Template): ResourceNode[] {
  const resources = template.Resources ?? {};
  const ids = new Set(Object.keys(resources));
  return Object.entries(resources).map(([logicalId, r]) => {
    const explicit = r.DependsOn === undefined ? [] : typeof r.DependsOn === 'string' ? [r.DependsOn] : [...r.DependsOn];
    const implicit = [...referencedNames(r.Properties ?? {})].filter((name) => ids.has(name));
    const after = [...new Set([...explicit, ...implicit])].filter((id) => id !== logicalId).sort();
    return { logicalId, type: r.Type, properties: (r.Properties ?? {}) as Record<string, unknown>, after };
  });
}
