/** Arguments of `npm run teardown`: the environment as for every command (`-c key=value`), and the teardown's own flags. */
export interface TeardownArgs {
  readonly context: Record<string, string>;
  readonly confirm: boolean;
  readonly waitMinutes: number;
  readonly kubeContext?: string;
}

export const USAGE =
  'usage: npm run teardown -- -c env=NAME | -c envFile=PATH [--confirm] [--wait-minutes N] [--kube-context NAME]\n' +
  '  without --confirm it only looks and prints what it would do';

/** Parse, or return the problem (the command prints it with the usage and exits 2). */
export function parseTeardownArgs(argv: readonly string[]): TeardownArgs | { readonly error: string } {
  const context: Record<string, string> = {};
  let confirm = false;
  let waitMinutes = 15;
  let kubeContext: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-c' || arg === '--context') {
      const [key, ...rest] = (argv[++i] ?? '').split('=');
      if (!key || rest.length === 0) return { error: `expected -c key=value, got "${argv[i] ?? ''}"` };
      context[key] = rest.join('=');
    } else if (arg === '--confirm') {
      confirm = true;
    } else if (arg === '--wait-minutes') {
      waitMinutes = Number(argv[++i]);
      if (!Number.isInteger(waitMinutes) || waitMinutes < 1 || waitMinutes > 120) return { error: `--wait-minutes takes a whole number from 1 to 120, got "${argv[i] ?? ''}"` };
    } else if (arg === '--kube-context') {
      kubeContext = argv[++i];
      if (!kubeContext) return { error: '--kube-context needs a context name' };
    } else {
      return { error: `unknown argument "${arg}"` };
    }
  }
  if (!context.env && !context.envFile) return { error: 'name the environment: -c env=NAME or -c envFile=PATH (teardown never picks a default)' };
  return { context, confirm, waitMinutes, kubeContext };
}

/**
 * The destroy command of the given stacks of the environment (targets.ts), with the same context:
 * never the account's delivery and audit stacks.
 */
export function destroyCommand(context: Readonly<Record<string, string>>, stacks: string | readonly string[]): string[] {
  return ['npx', 'cdk', 'destroy', ...(typeof stacks === 'string' ? [stacks] : stacks), '--force', ...Object.entries(context).flatMap(([k, v]) => ['-c', `${k}=${v}`])];
}
