/**
 * The three cdk-nag packs every synth runs (AwsSolutions, NIST 800-53 R5, HIPAA Security), each
 * keeping a record of what it evaluated. cdk-nag 3 reports only the findings nobody acknowledged
 * (its v2 report files are gone: acknowledged findings and passing rules appear nowhere), so each
 * pack notes every rule's outcome as cdk-nag computes it, and the acknowledgement that covered a
 * finding, read from the construct metadata aws-cdk-lib documents for audit trails
 * (`Validations.ACKNOWLEDGED_RULES_METADATA_KEY`). The rules themselves stay cdk-nag's.
 */
import { Validations, type CfnResource } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks, NagRuleCompliance, NIST80053R5Checks, type IApplyRule, type NagPack, type NagRuleResult } from 'cdk-nag';
import type { IConstruct } from 'constructs';

/** One finding of a rule on one resource: `ruleId[finding]` or `ruleId`, and how it was addressed. */
export interface RecordedFinding {
  readonly id: string;
  readonly path: string;
  /** The reason of the acknowledgement that covers it; none means it fails the synth. */
  readonly reason?: string;
}

export interface RuleRecord {
  readonly ruleId: string;
  readonly info: string;
  readonly level: string;
  /** Resources the rule found compliant (construct paths). */
  readonly compliant: string[];
  /** Resources the rule applies to, whatever the outcome. */
  evaluated: number;
  readonly findings: RecordedFinding[];
}

export type PackRecord = Map<string, RuleRecord>;

/** The reason of the acknowledgement of `id` on the resource or its closest ancestor, as cdk-nag looks it up. */
export function acknowledgementOf(resource: IConstruct, id: string): string | undefined {
  for (let scope: IConstruct | undefined = resource; scope; scope = scope.node.scope) {
    for (const entry of scope.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY || !entry.data) continue;
      for (const [key, reason] of Object.entries(entry.data as Record<string, string>)) {
        if (key.replace(/^annotation::/i, '') === id) return reason;
      }
    }
  }
  return undefined;
}

/**
 * The rule of `params`, wrapped to note its outcome in `record`. The rule id is cdk-nag's
 * (`<pack>-<rule function name>`), passed on explicitly since the wrapper has another name.
 */
function recorded(record: PackRecord, pack: string, params: IApplyRule): IApplyRule {
  const suffix = params.ruleSuffixOverride ?? params.rule.name;
  const ruleId = `${pack}-${suffix}`;
  const entry = record.get(ruleId) ?? { ruleId, info: params.info, level: params.level, compliant: [], evaluated: 0, findings: [] };
  record.set(ruleId, entry);
  const rule = params.rule;
  return {
    ...params,
    ruleSuffixOverride: suffix,
    rule: (node: CfnResource): NagRuleResult => {
      let result: NagRuleResult;
      try {
        result = rule(node);
      } catch (e) {
        // cdk-nag reports a rule that throws as a finding of the rule itself.
        entry.evaluated++;
        entry.findings.push({ id: ruleId, path: node.node.path, reason: acknowledgementOf(node, ruleId) });
        throw e;
      }
      if (result === NagRuleCompliance.NOT_APPLICABLE) return result;
      entry.evaluated++;
      if (result === NagRuleCompliance.COMPLIANT || (Array.isArray(result) && result.length === 0)) entry.compliant.push(node.node.path);
      else {
        const ids = Array.isArray(result) ? result.map((f) => `${ruleId}[${f}]`) : [ruleId];
        for (const id of ids) entry.findings.push({ id, path: node.node.path, reason: acknowledgementOf(node, id) });
      }
      return result;
    },
  };
}

/** A cdk-nag pack that records each rule's outcome on each resource it checks. */
export interface RecordingPack extends NagPack {
  readonly record: PackRecord;
}

export class RecordingAwsSolutions extends AwsSolutionsChecks implements RecordingPack {
  readonly record: PackRecord = new Map();
  protected override applyRule(params: IApplyRule): void {
    super.applyRule(recorded(this.record, this.readPackName, params));
  }
}

export class RecordingNist80053R5 extends NIST80053R5Checks implements RecordingPack {
  readonly record: PackRecord = new Map();
  protected override applyRule(params: IApplyRule): void {
    super.applyRule(recorded(this.record, this.readPackName, params));
  }
}

export class RecordingHipaaSecurity extends HIPAASecurityChecks implements RecordingPack {
  readonly record: PackRecord = new Map();
  protected override applyRule(params: IApplyRule): void {
    super.applyRule(recorded(this.record, this.readPackName, params));
  }
}
