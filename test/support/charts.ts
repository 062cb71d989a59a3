/** The chart catalog's resources in a synthesized charts stack, by catalog id. */
import assert from 'node:assert/strict';
import { Stack, type CfnElement } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { evaluate } from './intrinsics';
import { ofType, type Synthesized } from './platform';

export const HELM = 'Custom::AWSCDK-EKS-HelmChart';
export const MANIFEST = 'Custom::AWSCDK-EKS-KubernetesResource';

/** Each chart resource of the charts stack by catalog id, through the construct that made it. */
export function chartResources(s: Synthesized): Map<string, { logicalId: string; resource: any }> {
  const found = new Map<string, { logicalId: string; resource: any }>();
  for (const [id, construct] of s.platform.charts.charts.entries) {
    const cfn = construct.node.findChild('Resource').node.defaultChild as CfnElement;
    const logicalId = Stack.of(cfn).getLogicalId(cfn);
    found.set(id, { logicalId, resource: s.templates.charts.Resources[logicalId] });
  }
  // Every release and manifest of the stack is a catalog entry, except the StorageClasses it applies first.
  assert.equal(found.size, ofType(s.templates.charts, HELM).length + ofType(s.templates.charts, MANIFEST).length - 1);
  return found;
}

/** Logical id of a construct (its CloudFormation resource, found as data.test.ts does) in its own stack. */
export function logicalIdOf(c: IConstruct): string {
  const cfn = (c.node.defaultChild ?? c.node.findChild('Resource').node.defaultChild) as CfnElement;
  return Stack.of(cfn).getLogicalId(cfn);
}

/** Chart ids an entry's resource DependsOn, read back from the template. */
export function chartDependsOn(s: Synthesized, id: string): string[] {
  const charts = chartResources(s);
  const byLogical = new Map([...charts].map(([cid, r]) => [r.logicalId, cid]));
  const deps: string[] = [charts.get(id)?.resource.DependsOn ?? []].flat();
  return deps.filter((d) => byLogical.has(d)).map((d) => byLogical.get(d)!).sort();
}

/** Values of a Helm release as CloudFormation will render them (vpcId resolved to a marker). */
export function valuesOf(s: Synthesized, id: string): any {
  const r = chartResources(s).get(id) ?? assert.fail(`no chart ${id}`);
  const rendered = evaluate(r.resource.Properties.Values, {});
  return JSON.parse(String(rendered).replace(/"<[^">]*>"/g, '"VPC-ID"').replace(/<[^">]*>/g, 'VPC-ID'));
}

