/**
 * Synthesis of one environment, shared by the main job, the benchmark and the tests, so they all
 * build the App exactly as the `cdk` CLI does: with the feature flags of cdk.json and the
 * committed cdk.context.json.
 */
import { App } from 'aws-cdk-lib';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadEnvironment, validateEnvironment, type EnvironmentChoice, type LoadResult } from './config/load';
import type { PlatformModel } from './config/model';
import { buildPlatform, type Platform } from './platform';
import { deliveryFor, type AccountDelivery } from './delivery/fleet';
import { auditFor, type AccountAudit } from './audit/account';
import type { FleetProblem } from './delivery/fleet-rules';

const ROOT = resolve(__dirname, '..');

function readJson(file: string): Record<string, unknown> {
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
}

/** The context the CLI would pass: cdk.json's flags, then cdk.context.json, then overrides. */
export function cliContext(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ...((readJson(resolve(ROOT, 'cdk.json')).context as Record<string, unknown>) ?? {}),
    ...readJson(resolve(ROOT, 'cdk.context.json')),
    ...overrides,
  };
}

export interface SynthOptions {
  /** Built-in CloudFormation schema validation (on by default, as in the CLI). */
  readonly validation?: boolean;
  readonly outdir?: string;
  /** Extra context, as `-c key=value` would give. */
  readonly context?: Record<string, unknown>;
  /** The account's delivery stack to add (`deliveryFor`); none by default. */
  readonly delivery?: AccountDelivery;
  /** The account's audit stack in the environment's region (`auditFor`); none by default. */
  readonly audit?: AccountAudit;
  /**
   * Control Tower's Guard rules on the written templates (src/compliance/control-tower.ts).
   * @default the same as `validation`: the checks of the templates go together
   */
  readonly controlTower?: boolean;
}

export interface PlatformBuild {
  readonly app: App;
  readonly model: PlatformModel;
  readonly platform: Platform;
}

/** Build (without synthesizing) the platform for a validated model. */
export function buildApp(model: PlatformModel, options: SynthOptions = {}): PlatformBuild {
  const app = new App({
    context: cliContext(options.context),
    outdir: options.outdir,
    builtinCloudFormationValidation: options.validation ?? true,
  });
  const platform = buildPlatform(app, model, options.delivery, {
    audit: options.audit,
    checks: { controlTower: options.controlTower ?? options.validation ?? true },
  });
  return { app, model, platform };
}

export type SynthResult =
  | { readonly ok: true; readonly model: PlatformModel; readonly assembly: CloudAssembly; readonly platform: Platform }
  | { readonly ok: false; readonly config: Extract<LoadResult, { ok: false }> };

/**
 * Load, validate, build and synthesize, with the account's delivery stack when the environment
 * is delivered. Bad configuration (of the environment, or of its account in the fleet) returns
 * its problems; nothing is written.
 */
export function synthesize(choice: EnvironmentChoice | { readonly data: unknown }, options: SynthOptions = {}): SynthResult {
  const loaded = 'data' in choice ? validateEnvironment(choice.data) : loadEnvironment(choice);
  if (!loaded.ok) return { ok: false, config: loaded };
  const delivery = deliveryFor(loaded.model, loaded.source);
  if (!delivery.ok) return { ok: false, config: { ok: false, source: loaded.source, problems: asConfigProblems(delivery.problems) } };
  const audit = auditFor(loaded.model, loaded.source);
  if (!audit.ok) return { ok: false, config: { ok: false, source: loaded.source, problems: asConfigProblems(audit.problems) } };
  const { app, platform } = buildApp(loaded.model, { ...options, delivery: delivery.account, audit: audit.account });
  return { ok: true, model: loaded.model, assembly: app.synth(), platform };
}

/** Fleet problems in the environment's problem list: each names the file it is about. */
export function asConfigProblems(problems: readonly FleetProblem[]): Array<{ path: string; message: string }> {
  return problems.map((p) => ({ path: `${p.file}: ${p.path}`, message: p.message }));
}
