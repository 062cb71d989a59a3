/** Command-line arguments shared by the entry points: `-c key=value` (as the cdk CLI) and `--output DIR`. */
import { argumentsNpmKept } from './cli/npm-args';

export interface CliArgs {
  readonly context: Record<string, string>;
  readonly outdir: string;
}

export function fail(message: string): never {
  console.error(`error: ${message}`);
  process.exit(2);
}

export function parseArgs(argv: readonly string[], defaultOutdir = 'cdk.out'): CliArgs {
  const kept = argumentsNpmKept();
  if (kept) fail(kept);
  const context: Record<string, string> = {};
  let outdir = defaultOutdir;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-c' || arg === '--context') {
      const [key, ...rest] = (argv[++i] ?? '').split('=');
      if (!key || rest.length === 0) fail(`expected -c key=value, got "${argv[i] ?? ''}"`);
      context[key] = rest.join('=');
    } else if (arg === '-o' || arg === '--output') {
      outdir = argv[++i] ?? fail('expected a directory after --output');
    } else {
      fail(`unknown argument "${arg}" (use -c env=NAME, -c envFile=PATH, -c identity=MODE, --output DIR)`);
    }
  }
  return { context, outdir };
}
