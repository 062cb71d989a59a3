/**
 * aws-cdk-lib's built-in CloudFormation validation (`CloudFormationValidatePlugin`), with each
 * template's result kept in the validation cache (validation-cache.ts). The plugin itself does
 * every check: this subclass only decides which templates it must see.
 *
 * Why it is exact. The plugin builds one engine for the union of the app's resource types, then
 * validates the templates one after the other and merges the findings (one violation per rule,
 * severity and message, with the resources of every template in order). Here the engine is built
 * for the same union (lazily: only when a template misses), each missed template is validated
 * alone by the plugin's own `validate`, and the per-template results, stored or fresh, are merged
 * in the same order by the same rule. A template's key covers its bytes, its file name, stack
 * path, account and region (the plugin reports and evaluates with them), the union of resource
 * types (which rules the engine loads), the versions of aws-cdk-lib and the validator.
 *
 * Registered on the App, an instance of this class replaces the default plugin (aws-cdk-lib adds
 * its own only when none is registered) and is trusted like it. One instance per process, as
 * aws-cdk-lib's own singleton, so the engine is built once however many apps a process synthesizes.
 */
import { CloudFormationValidatePlugin, type IPolicyValidationContext, type PolicyValidationPluginReport, type PolicyViolation } from 'aws-cdk-lib';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { cacheKey, validationCache, withoutPath, withPath, type ValidationCache } from './validation-cache';

const CDK_VERSION: string = JSON.parse(readFileSync(require.resolve('aws-cdk-lib/package.json'), 'utf8')).version;

type StackTemplate = IPolicyValidationContext['stackTemplates'][number];

/** The plugin's own method that builds (or reuses) its engine for a set of resource types. */
type WithEngine = { initializeEngine?: (types: Set<string>) => unknown };

function resourceTypes(templates: readonly string[]): Set<string> {
  const types = new Set<string>();
  for (const text of templates) {
    try {
      for (const r of Object.values<{ Type?: unknown }>(JSON.parse(text)?.Resources ?? {})) if (r && typeof r.Type === 'string') types.add(r.Type);
    } catch {
      // the plugin skips a template that does not parse in the same way
    }
  }
  return types;
}

/** Merge per-template violations as the plugin does across templates. */
export function mergeViolations(perTemplate: ReadonlyArray<readonly PolicyViolation[]>): PolicyViolation[] {
  const merged: PolicyViolation[] = [];
  for (const violations of perTemplate) {
    for (const v of violations) {
      const existing = merged.find((m) => m.ruleName === v.ruleName && m.severity === v.severity && m.description === v.description);
      if (existing) existing.violatingResources.push(...v.violatingResources);
      else merged.push({ ...v, violatingResources: [...v.violatingResources] });
    }
  }
  return merged;
}

export class CachedCloudFormationValidate extends CloudFormationValidatePlugin {
  constructor(private readonly cache: ValidationCache = validationCache()) {
    super();
  }

  /** Results computed ahead by `prepare` (while cfn-guard runs), for the templates of these keys. */
  private prepared?: { keys: string; results?: PolicyViolation[][]; error?: unknown };

  override validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const engine = this as unknown as WithEngine;
    // Without what this relies on (a future aws-cdk-lib), the plugin runs as it is, uncached.
    if (!context.stackTemplates || typeof engine.initializeEngine !== 'function') return super.validate(context);
    const { keys, texts } = this.keysOf(context);
    const prepared = this.prepared;
    this.prepared = undefined;
    let results: PolicyViolation[][];
    if (prepared?.keys === keys.join()) {
      if (prepared.error !== undefined) throw prepared.error;
      results = prepared.results!;
    } else {
      results = this.results(context, keys, texts);
    }
    const violations = mergeViolations(results);
    return { success: violations.every((v) => v.severity !== 'error' && v.severity !== 'fatal'), violations };
  }

  /**
   * Validate ahead of `validate` (the Control Tower plugin calls this while cfn-guard runs in its
   * worker); `validate` then uses these results if the templates are still the same, and reports
   * an error thrown here as its own.
   */
  prepare(context: IPolicyValidationContext): void {
    if (!context.stackTemplates || typeof (this as unknown as WithEngine).initializeEngine !== 'function') return;
    const { keys, texts } = this.keysOf(context);
    try {
      this.prepared = { keys: keys.join(), results: this.results(context, keys, texts) };
    } catch (error) {
      this.prepared = { keys: keys.join(), error };
    }
  }

  private keysOf(context: IPolicyValidationContext): { keys: string[]; texts: string[] } {
    const stacks = context.stackTemplates;
    const texts = stacks.map((s) => readFileSync(s.templatePath, 'utf8'));
    const types = [...resourceTypes(texts)].sort().join(',');
    const keys = stacks.map((s, i) =>
      cacheKey(['CloudFormation Validate', CDK_VERSION, this.version ?? '', types, basename(s.templatePath), s.stackConstructPath ?? '', s.accountId ?? '', s.region ?? '', texts[i]]),
    );
    return { keys, texts };
  }

  /** Each template's violations: stored, or from the plugin (the engine built only if one misses). */
  private results(context: IPolicyValidationContext, keys: readonly string[], texts: readonly string[]): PolicyViolation[][] {
    const stacks = context.stackTemplates;
    const results = keys.map((key, i) => {
      const stored = this.cache.get<string>(key);
      return stored === undefined ? undefined : withPath<PolicyViolation[]>(stored, stacks[i].templatePath);
    });
    if (results.every((r) => r !== undefined)) return results as PolicyViolation[][];
    // The engine for the whole app's types, as the plugin builds it, then each missed template.
    (this as unknown as Required<WithEngine>).initializeEngine(resourceTypes(texts));
    return stacks.map((s, i) => {
      const stored = results[i];
      if (stored) return stored;
      const one: StackTemplate[] = [s];
      const report = super.validate({ ...context, templatePaths: [s.templatePath], stackTemplates: one });
      this.cache.put(keys[i], withoutPath(report.violations, s.templatePath));
      return report.violations;
    });
  }
}

let shared: CachedCloudFormationValidate | undefined;

/** The process's instance (its engine is kept between apps, as aws-cdk-lib keeps its own). */
export function cachedCloudFormationValidate(): CachedCloudFormationValidate {
  return (shared ??= new CachedCloudFormationValidate());
}
