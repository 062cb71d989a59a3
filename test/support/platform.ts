/**
 * Test fixtures: the platform synthesized exactly as the CLI does (cdk.json flags, committed
 * context), memoized per environment so a test file synthesizes each environment once.
 */
import { Template } from 'aws-cdk-lib/assertions';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { PlatformModel } from '../../src/config/model';
import type { Platform } from '../../src/platform';
import { synthesize } from '../../src/synth';

export interface Synthesized {
  readonly model: PlatformModel;
  readonly assembly: CloudAssembly;
  /** The constructs, to find the logical id of a construct of ours. */
  readonly platform: Platform;
  readonly network: Template;
  readonly data: Template;
  readonly cluster: Template;
  readonly charts: Template;
  readonly application: Template;
  /** Raw templates, for walking every resource. */
  readonly templates: Record<'network' | 'data' | 'cluster' | 'charts' | 'application', any>;
  /** Templates by stack name, for following cross-stack references (`evaluate`'s producers). */
  readonly producers: Record<string, any>;
}

const cache = new Map<string, Synthesized>();

/** The assemblies this process wrote (about 60 MB each, mostly the kubectl layer): removed when it exits. */
const outdirs: string[] = [];
process.on('exit', () => {
  for (const dir of outdirs) rmSync(dir, { recursive: true, force: true });
});

/** The shipped environment file as data, to derive variants from. */
export function environmentData(name: string): any {
  return JSON.parse(readFileSync(resolve(__dirname, '../../environments', `${name}.json`), 'utf8'));
}

/**
 * Pod Identity mode: the catalog verifies no eks-pod-identity-agent build for a catalogued minor,
 * so the environment names one. v1.3.10-eksbuild.1 is the build an AWS maintainer reported as the
 * default in all regions (aws/containers-roadmap#2684).
 */
export function podIdentity(d: any): void {
  d.identity.mode = 'pod-identity';
  d.addons = { ...d.addons, 'eks-pod-identity-agent': 'v1.3.10-eksbuild.1' };
}

/**
 * Kubernetes 1.36: the catalog verifies no 1.36 build of vpc-cni and the CSI drivers, so the
 * environment names them (the 1.35 builds here; a real file takes them from
 * `aws eks describe-addon-versions --kubernetes-version 1.36`).
 */
export function on136(d: any): void {
  d.cluster.kubernetesVersion = '1.36';
  d.addons = { ...d.addons, 'vpc-cni': 'v1.22.1-eksbuild.2', 'aws-ebs-csi-driver': 'v1.60.0-eksbuild.1', 'aws-efs-csi-driver': 'v3.2.0-eksbuild.1' };
}

/**
 * Synthesize a shipped environment, or a variant of it (`patch` edits a copy of its data).
 * `appVersion` is what `-c appVersion=` passes: the shipped files name no version.
 */
export function synth(name: string, patch?: (data: any) => void, options: { validation?: boolean; appVersion?: string } = {}): Synthesized {
  const key = `${name}:${patch?.toString() ?? ''}:${options.validation ?? false}:${options.appVersion ?? ''}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const outdir = mkdtempSync(join(tmpdir(), 'eks-platform-test-'));
  outdirs.push(outdir);
  const data = environmentData(name);
  patch?.(data);
  if (options.appVersion) data.application = { ...(data.application ?? {}), version: options.appVersion };
  // Built-in CloudFormation validation is off here for speed; test/checks.test.ts runs it.
  const result = synthesize({ data }, { outdir, validation: options.validation ?? false });
  if (!result.ok) throw new Error(`fixture ${name} is invalid: ${JSON.stringify(result.config.problems)}`);
  const stack = (lifecycle: string) => result.assembly.getStackByName(`${result.model.project}-${result.model.envName}-${lifecycle}`).template;
  const templates = { network: stack('network'), data: stack('data'), cluster: stack('cluster'), charts: stack('charts'), application: stack('application') };
  const synthesized: Synthesized = {
    model: result.model,
    assembly: result.assembly,
    platform: result.platform,
    network: Template.fromJSON(templates.network),
    data: Template.fromJSON(templates.data),
    cluster: Template.fromJSON(templates.cluster),
    charts: Template.fromJSON(templates.charts),
    application: Template.fromJSON(templates.application),
    templates,
    producers: Object.fromEntries(Object.entries(templates).map(([lifecycle, t]) => [`${result.model.project}-${result.model.envName}-${lifecycle}`, t])),
  };
  cache.set(key, synthesized);
  return synthesized;
}

/** Resources of one type in a raw template, as [logicalId, resource] pairs. */
export function ofType(template: any, type: string): Array<[string, any]> {
  return Object.entries(template.Resources as Record<string, any>).filter(([, r]) => r.Type === type);
}

/**
 * The IAM policies of a raw template that attach to roles or groups: inline ones
 * (`AWS::IAM::Policy`, aws-cdk-lib's default policies) and customer managed ones
 * (`AWS::IAM::ManagedPolicy`, the platform's own), which share `Roles`, `Groups` and `PolicyDocument`.
 */
export function policiesOf(template: any): Array<[string, any]> {
  return [...ofType(template, 'AWS::IAM::Policy'), ...ofType(template, 'AWS::IAM::ManagedPolicy')];
}

/** The single resource of a type (fails the test if there is not exactly one). */
export function only(template: any, type: string): [string, any] {
  const found = ofType(template, type);
  if (found.length !== 1) throw new Error(`expected exactly one ${type}, found ${found.length}`);
  return found[0];
}

/** The managed policy names attached to a role (ManagedPolicyArns rendered with Fn::Join). */
export function managedPolicyNames(role: any): string[] {
  return (role.Properties.ManagedPolicyArns ?? []).map((arn: any) => {
    const parts = arn['Fn::Join'][1];
    return String(parts[parts.length - 1]).replace(/^:iam::aws:policy\//, '');
  });
}
