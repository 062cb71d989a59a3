/** Reading a synthesized cloud assembly: what was actually built, for the summary, benchmark and tests. */
import type { CloudAssembly, CloudFormationStackArtifact } from 'aws-cdk-lib/cx-api';

export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, any>;
  readonly DependsOn?: string[];
  readonly DeletionPolicy?: string;
}

export function resourcesOf(stack: CloudFormationStackArtifact): Record<string, CfnResource> {
  return (stack.template.Resources ?? {}) as Record<string, CfnResource>;
}

export function resourcesOfType(stack: CloudFormationStackArtifact, type: string): Array<[string, CfnResource]> {
  return Object.entries(resourcesOf(stack)).filter(([, r]) => r.Type === type);
}

/** Resources of one type across every stack of the assembly. */
export function resourcesAcross(assembly: CloudAssembly, type: string): CfnResource[] {
  return assembly.stacks.flatMap((s) => resourcesOfType(s, type).map(([, r]) => r));
}

/** Names of the stacks a stack depends on (asset manifests left out). */
export function stackDependencies(stack: CloudFormationStackArtifact): string[] {
  return stack.dependencies.filter((d) => 'template' in d).map((d) => (d as CloudFormationStackArtifact).stackName);
}

/** Stacks in an order CloudFormation can deploy them (dependencies first). */
export function deployOrder(assembly: CloudAssembly): CloudFormationStackArtifact[] {
  const stacks = assembly.stacks;
  const done = new Set<string>();
  const order: CloudFormationStackArtifact[] = [];
  const visit = (s: CloudFormationStackArtifact) => {
    if (done.has(s.id)) return;
    done.add(s.id);
    for (const dep of s.dependencies) {
      const d = stacks.find((x) => x.id === dep.id);
      if (d) visit(d);
    }
    order.push(s);
  };
  stacks.forEach(visit);
  return order;
}

/** Lambda functions and custom resources: the moving parts a deployment runs besides CloudFormation itself. */
export function countMovingParts(assembly: CloudAssembly): { lambdas: number; customResources: number } {
  let lambdas = 0;
  let customResources = 0;
  for (const stack of assembly.stacks) {
    for (const r of Object.values(resourcesOf(stack))) {
      if (r.Type === 'AWS::Lambda::Function') lambdas++;
      if (r.Type.startsWith('Custom::') || r.Type === 'AWS::CloudFormation::CustomResource') customResources++;
    }
  }
  return { lambdas, customResources };
}
