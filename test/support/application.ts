/** The application release of a synthesized platform: its values, and the chart rendered with them by helm. */
import assert from 'node:assert/strict';
import { renderChart } from './helm';
import { evaluate } from './intrinsics';
import { only, type Synthesized } from './platform';

/** The values the application stack passes to the release, as CloudFormation will render them. */
export function releaseValues(s: Synthesized): any {
  const [, release] = only(s.templates.application, 'Custom::AWSCDK-EKS-HelmChart');
  return JSON.parse(evaluate(release.Properties.Values, {}, s.producers));
}

const rendered = new Map<string, any[]>();

/** `helm template` of the application chart with those values (memoized by name), namespaced as installed. */
export function renderedObjects(name: string, s: Synthesized): any[] {
  if (!rendered.has(name)) {
    const { namespace, release } = s.model.application;
    const { objects, run } = renderChart(releaseValues(s), namespace, release);
    assert.equal(run.status, 0, run.stderr);
    // Helm installs namespaced objects into the release namespace.
    for (const o of objects) if (o.kind !== 'PersistentVolume') o.metadata.namespace ??= namespace;
    rendered.set(name, objects);
  }
  return rendered.get(name)!;
}
