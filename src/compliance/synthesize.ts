/**
 * Synthesize one environment with every check on, as its account deploys it (with the account's
 * delivery and audit stacks), into a private directory, and read back its compliance report. A
 * synth that fails on a finding nobody addressed still yields the report, which shows it.
 */
import { Stack } from 'aws-cdk-lib';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { auditFor } from '../audit/account';
import { loadEnvironment, type EnvironmentChoice, type LoadResult } from '../config/load';
import type { PlatformModel } from '../config/model';
import { deliveryFor } from '../delivery/fleet';
import { asConfigProblems, buildApp } from '../synth';
import { complianceReport, type ComplianceReport } from './report';

export type ComplianceResult =
  | {
      readonly ok: true;
      readonly model: PlatformModel;
      readonly report: ComplianceReport;
      /** No finding was left unaddressed (the synth succeeded). */
      readonly passed: boolean;
    }
  | { readonly ok: false; readonly config: Extract<LoadResult, { ok: false }> };

export interface ComplianceSynthOptions {
  /**
   * CloudFormation's schema validation too (the command runs it; the docs, which need only the
   * report, leave it off: it changes no finding of the packs).
   * @default true
   */
  readonly validation?: boolean;
  /** Read the assembly before the directory goes (the docs model the deploy from it). */
  readonly keep?: (assembly: CloudAssembly) => void;
}

export function synthesizeCompliance(choice: EnvironmentChoice, context: Record<string, unknown> = {}, options: ComplianceSynthOptions = {}): ComplianceResult {
  const loaded = loadEnvironment(choice);
  if (!loaded.ok) return { ok: false, config: loaded };
  const delivery = deliveryFor(loaded.model, loaded.source);
  if (!delivery.ok) return { ok: false, config: { ok: false, source: loaded.source, problems: asConfigProblems(delivery.problems) } };
  const audit = auditFor(loaded.model, loaded.source);
  if (!audit.ok) return { ok: false, config: { ok: false, source: loaded.source, problems: asConfigProblems(audit.problems) } };

  const outdir = mkdtempSync(join(tmpdir(), 'eks-platform-compliance-'));
  try {
    const { app, platform } = buildApp(loaded.model, { outdir, context, validation: options.validation ?? true, controlTower: true, delivery: delivery.account, audit: audit.account });
    let passed = true;
    const stacks = app.node.children.filter((c) => Stack.isStack(c)).map((s) => (s as Stack).stackName);
    const log = console.error;
    try {
      // The validation report is printed by aws-cdk-lib; the compliance report says it better.
      console.error = () => undefined;
      const assembly = app.synth();
      options.keep?.(assembly);
    } catch (e) {
      if (!/Validation failed/.test((e as Error).message)) throw e;
      passed = false;
    } finally {
      console.error = log;
    }
    return { ok: true, model: loaded.model, report: complianceReport(loaded.model.envName, platform.checks, outdir, stacks), passed };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
