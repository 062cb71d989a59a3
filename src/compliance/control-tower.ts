/**
 * AWS Control Tower's proactive controls as a validation plugin: the CloudFormation Guard rules
 * that `@cdklabs/cdk-validator-cfnguard` bundles (with its cfn-guard binary), run on every
 * template the app writes. The package's plugin does the work; this wrapper adds four things:
 *
 * - Speed. cfn-guard costs about 40 ms per rule per template whether or not the rule applies, and
 *   the bundle has 237 rules (10 s per synth here). Each template is checked only with the rules
 *   whose `EvaluatedResourceTypes` (the control's own metadata) it contains, through the plugin's
 *   documented `disabledRules`; a rule with none of its types in a template would SKIP anyway.
 * - Names. Findings carry the control's id (`CT.S3.PR.2`), which the Control Tower console and
 *   the documentation use, instead of the Guard rule's internal name; acknowledgements name it too:
 *   `Validations.of(bucket).acknowledge({ id: 'Control-Tower::CT.S3.PR.2', reason })`.
 * - Failing closed. The package reports findings without a severity, and aws-cdk-lib, once it has
 *   suppressed any acknowledged finding of a report, recomputes the report's success from the
 *   severities alone, so the remaining findings would no longer fail the synth. Every finding is
 *   reported as an error here.
 * - Attribution. For some rules cfn-guard also returns a check with an empty path; such an entry
 *   names no resource (it cannot be acknowledged) and duplicates the resource it came with.
 *
 * cfn-guard's raw report for a template is kept in the validation cache (validation-cache.ts),
 * keyed by the template's bytes and name, the package's version and the text of every rule run on
 * it; a hit replays that report, and the four steps above run on it as on a fresh one. Missed
 * templates run in a worker thread while the main thread does `whileGuardRuns` (guard-worker.ts).
 */
import type { IPolicyValidationContext, IPolicyValidationPlugin, PolicyValidationPluginReport, PolicyViolatingResource, PolicyViolation } from 'aws-cdk-lib';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { GUARD_MAX_BUFFER, guardBeside, type GuardOutcome } from './guard-worker';
import { cacheKey, validationCache, withoutPath, withPath, type ValidationCache } from './validation-cache';

export const CONTROL_TOWER_PLUGIN = 'Control Tower';
/** The namespace aws-cdk-lib gives the plugin's rule ids (its name, spaces as dashes). */
export const CONTROL_TOWER_NAMESPACE = 'Control-Tower';

/** One proactive control of the bundle, from its metadata file. */
export interface ControlTowerControl {
  /** `CT.S3.PR.2` */
  readonly id: string;
  /** The bundle's file name without extension, which `disabledRules` takes: `ct-s3-pr-2`. */
  readonly file: string;
  readonly title: string;
  readonly severity: string;
  readonly resourceTypes: readonly string[];
}

const PACKAGE_DIR = dirname(require.resolve('@cdklabs/cdk-validator-cfnguard/package.json'));
export const CONTROL_TOWER_PACKAGE_VERSION: string = JSON.parse(readFileSync(join(PACKAGE_DIR, 'package.json'), 'utf8')).version;

let catalog: readonly ControlTowerControl[] | undefined;

/** Every control of the bundle (read once from its metadata directory). */
export function controlTowerControls(): readonly ControlTowerControl[] {
  if (catalog) return catalog;
  const root = join(PACKAGE_DIR, 'rules/control-tower/metadata');
  const controls: ControlTowerControl[] = [];
  for (const service of readdirSync(root)) {
    for (const file of readdirSync(join(root, service))) {
      const meta = JSON.parse(readFileSync(join(root, service, file), 'utf8'));
      controls.push({
        id: meta.Id,
        file: file.replace(/\.metadata\.json$/, ''),
        title: meta.DisplayName,
        severity: meta.Severity,
        resourceTypes: meta.EvaluatedResourceTypes,
      });
    }
  }
  catalog = controls.sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }));
  return catalog;
}

/** What one run checked: each control and the templates it ran on (for the compliance report). */
export interface ControlTowerRun {
  readonly evaluated: Map<string, string[]>;
}

/** The id a finding's description starts with: `[CT.S3.PR.2]: Require ...`. */
function controlId(violation: PolicyViolation): string | undefined {
  return /^\[(CT\.[A-Z0-9-]+\.PR\.\d+)\]/.exec(violation.description ?? '')?.[1];
}

export class ControlTowerChecks implements IPolicyValidationPlugin {
  readonly name = CONTROL_TOWER_PLUGIN;
  readonly version = CONTROL_TOWER_PACKAGE_VERSION;
  /** The last run's coverage. */
  run: ControlTowerRun = { evaluated: new Map() };

  /**
   * Work for this thread while cfn-guard runs in a worker (addComplianceChecks sets it: the
   * CloudFormation validation, prepared ahead). Without it, cfn-guard runs here.
   */
  whileGuardRuns?: (context: IPolicyValidationContext) => void;

  constructor(private readonly cache: ValidationCache = validationCache()) {}

  get ruleIds(): string[] {
    return controlTowerControls().map((c) => c.id);
  }

  validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const controls = controlTowerControls();
    const evaluated = new Map<string, string[]>();
    const planned: Array<{ templatePath: string; key: string; disabledRules: string[]; found?: PolicyViolation[] }> = [];
    for (const templatePath of context.templatePaths) {
      const text = readFileSync(templatePath, 'utf8');
      const template = JSON.parse(text);
      const types = new Set(Object.values<{ Type: string }>(template.Resources ?? {}).map((r) => r.Type));
      const applicable = controls.filter((c) => c.resourceTypes.some((t) => types.has(t)));
      if (applicable.length === 0) continue;
      for (const c of applicable) evaluated.set(c.id, [...(evaluated.get(c.id) ?? []), basename(templatePath)]);
      const key = this.cache.enabled ? cacheKey([CONTROL_TOWER_PLUGIN, this.version, ...applicable.flatMap((c) => [c.file, ruleText(c)]), basename(templatePath), text]) : '';
      const stored = this.cache.enabled ? this.cache.get<string>(key) : undefined;
      const skip = new Set(applicable.map((c) => c.file));
      planned.push({
        templatePath,
        key,
        disabledRules: controls.filter((c) => !skip.has(c.file)).map((c) => c.file),
        found: stored === undefined ? undefined : withPath<PolicyViolation[]>(stored, templatePath),
      });
    }
    const misses = planned.filter((p) => !p.found);
    const during = this.whileGuardRuns;
    const outcomes: Array<GuardOutcome | undefined> = (misses.length > 0 && during ? guardBeside(misses, () => during(context)) : undefined) ?? [];
    misses.forEach((p, i) => {
      const outcome = outcomes[i];
      if (outcome && 'error' in outcome) throw new Error(outcome.error);
      p.found = outcome
        ? outcome.violations
        : new CfnGuardValidator({ disabledRules: p.disabledRules, maxBuffer: GUARD_MAX_BUFFER }).validate({ templatePaths: [p.templatePath], appConstruct: context.appConstruct }).violations;
      this.cache.put(p.key, withoutPath(p.found, p.templatePath));
    });
    const violations = planned.flatMap((p) => p.found!.map(normalize));
    this.run = { evaluated };
    return { success: violations.length === 0, violations };
  }
}

let rules: Map<string, string> | undefined;

/** The text of the Guard rule a control runs (its file in the bundle, `<file>.guard`). */
function ruleText(control: ControlTowerControl): string {
  if (!rules) {
    rules = new Map();
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        if (entry.isDirectory()) walk(join(dir, entry.name));
        else if (entry.name.endsWith('.guard')) rules!.set(entry.name.slice(0, -'.guard'.length), readFileSync(join(dir, entry.name), 'utf8'));
      }
    };
    walk(join(PACKAGE_DIR, 'rules/control-tower/cfn-guard'));
  }
  const text = rules.get(control.file);
  if (text === undefined) throw new Error(`Control Tower: no Guard rule ${control.file}.guard in ${PACKAGE_DIR} (the package's metadata names it)`);
  return text;
}

function normalize(v: PolicyViolation): PolicyViolation {
  const named = v.violatingResources.filter((r) => r.resourceLogicalId);
  const resources: PolicyViolatingResource[] = named.length > 0 ? named : v.violatingResources;
  return {
    ...v,
    ruleName: controlId(v) ?? v.ruleName,
    severity: 'error',
    violatingResources: resources,
    ruleMetadata: { ...v.ruleMetadata, GuardRule: v.ruleName },
  };
}
