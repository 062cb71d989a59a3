/**
 * A small evaluator for the CloudFormation intrinsics our templates use, so tests can read a
 * deploy-time value (a trust policy condition, user data) the way CloudFormation will render it.
 * GetAtt and Ref resolve to readable placeholders unless `values` names them.
 */
export function evaluate(value: any, values: Record<string, string> = {}): any {
  if (Array.isArray(value)) return value.map((v) => evaluate(v, values));
  if (value === null || typeof value !== 'object') return value;
  const keys = Object.keys(value);
  if (keys.length === 1) {
    const [fn] = keys;
    const arg = value[fn];
    switch (fn) {
      case 'Ref':
        return values[arg] ?? `<${arg}>`;
      case 'Fn::GetAtt': {
        const name = `${arg[0]}.${arg[1]}`;
        return values[name] ?? `<${name}>`;
      }
      case 'Fn::Join':
        return evaluate(arg[1], values).join(arg[0]);
      case 'Fn::Select':
        return evaluate(arg[1], values)[arg[0]];
      case 'Fn::Split':
        return String(evaluate(arg[1], values)).split(arg[0]);
      case 'Fn::Base64':
        return Buffer.from(String(evaluate(arg, values))).toString('base64');
      case 'Fn::GetStackOutput':
        return values[arg.OutputName] ?? `<${arg.StackName}.${arg.OutputName}>`;
      case 'Fn::Sub': {
        const [text, vars] = Array.isArray(arg) ? arg : [arg, {}];
        const resolved: Record<string, string> = {};
        for (const [k, v] of Object.entries(vars ?? {})) resolved[k] = evaluate(v, values);
        return String(text).replace(/\$\{([^}!]+)\}/g, (_, name) => resolved[name] ?? values[name] ?? `<${name}>`);
      }
    }
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, evaluate(v, values)]));
}
