/**
 * A small evaluator for the CloudFormation intrinsics our templates use, so tests can read a
 * deploy-time value (a trust policy condition, user data) the way CloudFormation will render it.
 * GetAtt and Ref resolve to readable placeholders unless `values` names them; a cross-stack
 * reference resolves to what it reads in the producing template, when `producers` has it.
 */
export function evaluate(value: any, values: Record<string, string> = {}, producers: Record<string, any> = {}): any {
  const again = (v: any) => evaluate(v, values, producers);
  if (Array.isArray(value)) return value.map(again);
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
        return again(arg[1]).join(arg[0]);
      case 'Fn::Select':
        return again(arg[1])[arg[0]];
      case 'Fn::Split':
        return String(again(arg[1])).split(arg[0]);
      case 'Fn::Base64':
        return Buffer.from(String(again(arg))).toString('base64');
      case 'Fn::GetStackOutput': {
        // Follow a cross-stack reference into the producing template when it is given.
        const output = producers[arg.StackName]?.Outputs?.[arg.OutputName];
        if (output) return again(output.Value);
        return values[arg.OutputName] ?? `<${arg.StackName}.${arg.OutputName}>`;
      }
      case 'Fn::Sub': {
        const [text, vars] = Array.isArray(arg) ? arg : [arg, {}];
        const resolved: Record<string, string> = {};
        for (const [k, v] of Object.entries(vars ?? {})) resolved[k] = again(v);
        return String(text).replace(/\$\{([^}!]+)\}/g, (_, name) => resolved[name] ?? values[name] ?? `<${name}>`);
      }
    }
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, again(v)]));
}
