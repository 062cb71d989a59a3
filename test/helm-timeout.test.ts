/** No Helm release may outlive the kubectl handler's Lambda call; charts of a phase that do not depend on each other stay parallel. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CHART_CATALOG } from '../src/charts/catalog';
import type { HelmEntry } from '../src/charts/chart-spec';
import { validateEnvironment } from '../src/config/load';
import { resourceGraph } from '../src/plan/resource-graph';
import { DEFAULT_HELM_TIMEOUT_SECONDS, HANDLER_WORK_SECONDS, helmTimeoutProblems, LAMBDA_LIMIT_SECONDS, MAX_HELM_TIMEOUT_SECONDS, SAFETY_MARGIN_SECONDS } from '../src/plan/lambda-budget';
import { chartResources } from './support/charts';
import { environmentData, synth } from './support/platform';

const all = (ids: string[]) => new Set(ids);

describe('Helm timeout against the kubectl Lambda', () => {
  it("budgets the handler's own work and a margin inside the 15-minute limit", () => {
    assert.equal(LAMBDA_LIMIT_SECONDS, 900);
    assert.equal(MAX_HELM_TIMEOUT_SECONDS, 900 - HANDLER_WORK_SECONDS - SAFETY_MARGIN_SECONDS);
    assert.ok(DEFAULT_HELM_TIMEOUT_SECONDS <= MAX_HELM_TIMEOUT_SECONDS);
    assert.ok(MAX_HELM_TIMEOUT_SECONDS < 900 && MAX_HELM_TIMEOUT_SECONDS >= 600);
  });

  it('rejects a release whose timeout would not end well inside the limit, naming it', () => {
    const entries = [
      { id: 'slow-chart', kind: 'helm' as const, timeoutSeconds: 900 },
      { id: 'edge', kind: 'helm' as const, timeoutSeconds: MAX_HELM_TIMEOUT_SECONDS },
      { id: 'just-over', kind: 'helm' as const, timeoutSeconds: MAX_HELM_TIMEOUT_SECONDS + 1 },
      { id: 'default', kind: 'helm' as const },
      { id: 'objects', kind: 'manifest' as const },
      { id: 'off', kind: 'helm' as const, timeoutSeconds: 3600 },
      { id: 'zero', kind: 'helm' as const, timeoutSeconds: 0 },
    ];
    const problems = helmTimeoutProblems(entries, all(['slow-chart', 'edge', 'just-over', 'default', 'objects', 'zero']));
    assert.deepEqual(problems.map((p) => p.id), ['slow-chart', 'just-over', 'zero']);
    assert.match(problems[0].message, /asks Helm to wait 900 s, but the release runs in one call of the kubectl handler Lambda \(limit 900 s\)/);
    assert.match(problems[0].message, new RegExp(`set timeoutSeconds of the catalog entry \\(src/charts/catalog/slow-chart\\.ts\\) to a whole number of seconds from 1 to ${MAX_HELM_TIMEOUT_SECONDS}`));
  });

  it('accepts the shipped catalog (Karpenter no longer asks for 900 s)', () => {
    assert.deepEqual(helmTimeoutProblems(CHART_CATALOG, all(CHART_CATALOG.map((e) => e.id))), []);
    assert.equal((CHART_CATALOG.find((e) => e.id === 'karpenter') as HelmEntry).timeoutSeconds ?? DEFAULT_HELM_TIMEOUT_SECONDS, 600);
  });

  it('runs as part of validation: the environment is rejected with the entry named', () => {
    const karpenter = CHART_CATALOG.find((e) => e.id === 'karpenter') as { timeoutSeconds?: number };
    const before = karpenter.timeoutSeconds;
    karpenter.timeoutSeconds = 900;
    try {
      const result = validateEnvironment(environmentData('dev'));
      assert.equal(result.ok, false);
      if (result.ok) return;
      const found = result.problems.filter((p) => p.path === 'charts.karpenter');
      assert.equal(found.length, 1, JSON.stringify(result.problems));
      assert.match(found[0].message, /^"karpenter" asks Helm to wait 900 s/);
    } finally {
      karpenter.timeoutSeconds = before;
    }
  });

  it('every synthesized release asks for a timeout inside the budget', () => {
    for (const [id, { resource }] of chartResources(synth('dev'))) {
      if (resource.Type !== 'Custom::AWSCDK-EKS-HelmChart') continue;
      const seconds = Number(String(resource.Properties.Timeout).replace(/s$/, ''));
      assert.ok(seconds > 0 && seconds <= MAX_HELM_TIMEOUT_SECONDS, `${id}: ${resource.Properties.Timeout}`);
      assert.equal(resource.Properties.Wait, true, id);
    }
  });
});

describe('charts of one phase that do not depend on each other', () => {
  it('install in parallel: no chain of DependsOn joins them in the charts stack', () => {
    const s = synth('dev');
    const charts = chartResources(s);
    const graph = new Map(resourceGraph(s.templates.charts).map((n) => [n.logicalId, n.after]));
    const reaches = (from: string, to: string): boolean => {
      const seen = new Set<string>();
      const stack = [from];
      while (stack.length > 0) {
        for (const d of graph.get(stack.pop()!) ?? []) {
          if (d === to) return true;
          if (!seen.has(d)) {
            seen.add(d);
            stack.push(d);
          }
        }
      }
      return false;
    };
    // The plan's own edges: declared dependencies plus those the graph derives (admission webhooks).
    const declared = new Map(s.model.charts.entries.map((e) => [e.id, e.after]));
    const declaredReach = (from: string, to: string): boolean => (declared.get(from) ?? []).some((d) => d === to || declaredReach(d, to));
    const primary = CHART_CATALOG.filter((e) => e.phase === 'primary' && charts.has(e.id)).map((e) => e.id);
    let pairs = 0;
    for (const a of primary) {
      for (const b of primary) {
        if (a === b || declaredReach(a, b) || declaredReach(b, a)) continue;
        pairs++;
        assert.equal(reaches(charts.get(a)!.logicalId, charts.get(b)!.logicalId), false, `${a} waits for ${b}`);
      }
    }
    assert.ok(pairs > 50, `${pairs} independent pairs checked`);
  });
});
