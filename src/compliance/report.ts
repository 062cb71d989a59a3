/**
 * The compliance report of one synthesized environment: per pack, the rules that pass, the
 * findings the platform fixed and each acknowledgement with its reason. It reads what the checks
 * themselves produced: the rule outcomes the cdk-nag packs recorded as they ran (nag-packs.ts)
 * and, for the Control Tower controls, the validation report aws-cdk-lib writes into the cloud
 * assembly (`validation-report.json`, with each acknowledged finding and its reason).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ComplianceChecks } from './checks';
import { CONTROL_TOWER_PACKAGE_VERSION, CONTROL_TOWER_PLUGIN, controlTowerControls } from './control-tower';
import { COMPLIANCE_FIXES, type ComplianceFix } from './fixes';

const CDK_NAG_VERSION: string = JSON.parse(readFileSync(require.resolve('cdk-nag/package.json'), 'utf8')).version;

export interface Acknowledgement {
  /** The acknowledged id, with the finding in brackets where the rule reports several per resource. */
  readonly ids: readonly string[];
  readonly reason: string;
  readonly resources: readonly string[];
  /** Findings covered (one per id and resource). */
  readonly count: number;
}

export interface RuleOutcome {
  readonly rule: string;
  readonly description: string;
  /** Resources the rule applied to. */
  readonly evaluated: number;
  readonly acknowledgements: readonly Acknowledgement[];
  /** Findings nobody acknowledged (a synth with any fails; the report shows them all the same). */
  readonly unaddressed: readonly string[];
}

export interface PackOutcome {
  readonly pack: string;
  readonly version: string;
  /** Rules that applied and found nothing. */
  readonly passing: readonly RuleOutcome[];
  /** Rules with findings, every one acknowledged (or, in a failing synth, not). */
  readonly findings: readonly RuleOutcome[];
  /** Rules that applied to no resource of the environment. */
  readonly notApplicable: readonly string[];
  readonly fixes: readonly ComplianceFix[];
}

export interface ComplianceReport {
  readonly envName: string;
  readonly stacks: readonly string[];
  readonly packs: readonly PackOutcome[];
}

/** A construct path as the report shows it: without the trailing `/Resource`. */
const short = (path: string) => path.replace(/\/(Resource|Default)$/, '');

function group(entries: ReadonlyArray<{ id: string; reason: string; path: string }>): Acknowledgement[] {
  const byReason = new Map<string, { ids: Set<string>; resources: Set<string>; findings: Set<string> }>();
  for (const e of entries) {
    const g = byReason.get(e.reason) ?? { ids: new Set(), resources: new Set(), findings: new Set() };
    g.ids.add(e.id);
    g.resources.add(short(e.path));
    g.findings.add(`${e.id} ${e.path}`);
    byReason.set(e.reason, g);
  }
  return [...byReason].map(([reason, g]) => ({ ids: [...g.ids].sort(), reason, resources: [...g.resources].sort(), count: g.findings.size }));
}

const fixesOf = (pack: string) => COMPLIANCE_FIXES.filter((f) => f.rules.some((r) => (pack === CONTROL_TOWER_PLUGIN ? r.startsWith('CT.') : r.startsWith(`${pack}-`))));

function nagPack(pack: ComplianceChecks['packs'][number]): PackOutcome {
  const rules = [...pack.record.values()].sort((a, b) => a.ruleId.localeCompare(b.ruleId));
  const outcome = (r: (typeof rules)[number]): RuleOutcome => ({
    rule: r.ruleId,
    description: r.info,
    evaluated: r.evaluated,
    acknowledgements: group(r.findings.filter((f) => f.reason !== undefined).map((f) => ({ id: f.id, reason: f.reason!, path: f.path }))),
    unaddressed: r.findings.filter((f) => f.reason === undefined).map((f) => `${f.id} ${short(f.path)}`),
  });
  return {
    pack: pack.readPackName,
    version: `cdk-nag ${CDK_NAG_VERSION}`,
    passing: rules.filter((r) => r.evaluated > 0 && r.findings.length === 0).map(outcome),
    findings: rules.filter((r) => r.findings.length > 0).map(outcome),
    notApplicable: rules.filter((r) => r.evaluated === 0).map((r) => r.ruleId),
    fixes: fixesOf(pack.readPackName),
  };
}

interface ReportedViolation {
  readonly ruleName: string;
  readonly reason?: string;
  readonly acknowledgedId?: string;
  readonly violatingConstructs?: ReadonlyArray<{ readonly constructPath?: string }>;
}

function controlTowerPack(checks: ComplianceChecks, validationReport: any): PackOutcome | undefined {
  const plugin = checks.controlTower;
  if (!plugin) return undefined;
  const report = (validationReport.pluginReports ?? []).find((p: any) => p.pluginName === CONTROL_TOWER_PLUGIN) ?? { violations: [], suppressedViolations: [] };
  const suppressed: ReportedViolation[] = report.suppressedViolations ?? [];
  const open: ReportedViolation[] = report.violations ?? [];
  const paths = (v: ReportedViolation) => (v.violatingConstructs ?? []).map((c) => c.constructPath ?? '(unknown resource)');
  const outcomes = controlTowerControls()
    .filter((c) => plugin.run.evaluated.has(c.id))
    .map((c): RuleOutcome => ({
      rule: c.id,
      description: `${c.title} (${c.severity.toLowerCase()})`,
      evaluated: plugin.run.evaluated.get(c.id)!.length,
      acknowledgements: group(suppressed.filter((v) => v.ruleName === c.id).flatMap((v) => paths(v).map((path) => ({ id: v.acknowledgedId ?? c.id, reason: v.reason ?? '', path })))),
      unaddressed: open.filter((v) => v.ruleName === c.id).flatMap((v) => paths(v).map((p) => `${c.id} ${short(p)}`)),
    }));
  const hasFindings = (o: RuleOutcome) => o.acknowledgements.length > 0 || o.unaddressed.length > 0;
  return {
    pack: CONTROL_TOWER_PLUGIN,
    version: `@cdklabs/cdk-validator-cfnguard ${CONTROL_TOWER_PACKAGE_VERSION}`,
    passing: outcomes.filter((o) => !hasFindings(o)),
    findings: outcomes.filter(hasFindings),
    notApplicable: controlTowerControls().filter((c) => !plugin.run.evaluated.has(c.id)).map((c) => c.id),
    fixes: fixesOf(CONTROL_TOWER_PLUGIN),
  };
}

/** The report of an app synthesized into `outdir` with these checks attached. */
export function complianceReport(envName: string, checks: ComplianceChecks, outdir: string, stacks: readonly string[]): ComplianceReport {
  const validationReport = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8'));
  const ct = controlTowerPack(checks, validationReport);
  return { envName, stacks, packs: [...checks.packs.map(nagPack), ...(ct ? [ct] : [])] };
}

/** Totals of one pack: findings acknowledged (one per resource and id) and still open. */
export function totals(pack: PackOutcome): { readonly acknowledged: number; readonly unaddressed: number } {
  const acknowledged = pack.findings.reduce((n, r) => n + r.acknowledgements.reduce((m, a) => m + a.count, 0), 0);
  return { acknowledged, unaddressed: pack.findings.reduce((n, r) => n + r.unaddressed.length, 0) };
}
