/**
 * Turns a choice of environment (a shipped name or a file of the user's) into a validated model
 * or into the complete list of problems. Never throws for bad input.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { resolveModel, type PlatformModel } from './model';
import { crossFieldProblems, type ConfigProblem } from './rules';
import { environmentSchema } from './schema';
import { problemsOfIssue, withInvalidFields } from './issues';

export const ENVIRONMENTS_DIR = resolve(__dirname, '../../environments');
export const DEFAULT_ENVIRONMENT = 'dev';

export type LoadResult =
  | { readonly ok: true; readonly model: PlatformModel; readonly source: string }
  | { readonly ok: false; readonly problems: readonly ConfigProblem[]; readonly source: string };

export function shippedEnvironments(dir = ENVIRONMENTS_DIR): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .sort();
}

/** Validate parsed environment data: every field problem and every cross-field problem at once. */
export function validateEnvironment(data: unknown, source = '<inline>'): LoadResult {
  const parsed = environmentSchema.safeParse(data, { reportInput: true });
  const issues = parsed.success ? [] : parsed.error.issues;
  const problems: ConfigProblem[] = issues.flatMap((issue) => problemsOfIssue(environmentSchema, issue));
  // The rules see each field that failed its own check as INVALID, so they compare only valid fields.
  problems.push(...crossFieldProblems(withInvalidFields(data, issues)));
  const unique = dedupe(problems);
  if (unique.length > 0 || !parsed.success) return { ok: false, problems: unique, source };
  return { ok: true, model: resolveModel(parsed.data), source };
}

function dedupe(problems: ConfigProblem[]): ConfigProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.path}\u0000${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export interface EnvironmentChoice {
  /** Name of a shipped environment (a file in environments/). */
  readonly env?: string;
  /** Path to an environment file of the user's; wins over `env`. */
  readonly envFile?: string;
  /** Workload identity mode overriding the file's (`-c identity=pod-identity`). */
  readonly identity?: string;
  /** Application version overriding the file's `application.version` (`-c appVersion=TAG`). */
  readonly appVersion?: string;
}

/** Load the chosen environment (default: dev). */
export function loadEnvironment(choice: EnvironmentChoice): LoadResult {
  let file: string;
  if (choice.envFile) {
    file = resolve(choice.envFile);
    if (!existsSync(file)) return { ok: false, source: file, problems: [{ path: 'envFile', message: `no environment file at ${file}` }] };
    if (!statSync(file).isFile()) {
      return { ok: false, source: file, problems: [{ path: 'envFile', message: `${file} is a directory; give the path of the environment's JSON file, such as ${join(choice.envFile, 'staging.json')}` }] };
    }
  } else {
    const name = choice.env ?? DEFAULT_ENVIRONMENT;
    const known = shippedEnvironments();
    if (!known.includes(name)) {
      return {
        ok: false,
        source: name,
        problems: [{ path: 'env', message: `unknown environment "${name}"; known environments: ${known.join(', ')} (or pass -c envFile=PATH)` }],
      };
    }
    file = join(ENVIRONMENTS_DIR, `${name}.json`);
  }
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    return { ok: false, source: file, problems: [{ path: '(file)', message: `not valid JSON: ${(e as Error).message}` }] };
  }
  return validateEnvironment(withAppVersionOverride(withIdentityOverride(data, choice.identity), choice.appVersion), file);
}

/** Apply `-c identity=MODE` on top of the file, so both modes can be compared on one environment. */
export function withIdentityOverride(data: unknown, identity: string | undefined): unknown {
  if (identity === undefined || data === null || typeof data !== 'object') return data;
  const raw = data as Record<string, any>;
  return { ...raw, identity: { ...(raw.identity ?? {}), mode: identity } };
}

/** Apply `-c appVersion=TAG` on top of the file: a pipeline deploys the version it just built. */
export function withAppVersionOverride(data: unknown, appVersion: string | undefined): unknown {
  if (appVersion === undefined || data === null || typeof data !== 'object') return data;
  const raw = data as Record<string, any>;
  return { ...raw, application: { ...(raw.application ?? {}), version: appVersion } };
}

export function formatProblems(result: Extract<LoadResult, { ok: false }>): string {
  const lines = [`Environment ${result.source} is invalid (${result.problems.length} problem${result.problems.length === 1 ? '' : 's'}):`];
  for (const p of result.problems) lines.push(`  - ${p.path}: ${p.message}`);
  return lines.join('\n');
}
