/**
 * What the workflows read from the fleet: one entry per delivered environment with everything a
 * job needs (roles, region, stacks, registry), grouped by wave. Stack names come from
 * `stackId`, role names from the delivery model: the workflows derive nothing themselves.
 */
import type { PlatformModel } from '../config/model';
import { APPLICATION_LIFECYCLE, INFRASTRUCTURE_LIFECYCLES, stackId } from '../platform';
import type { FleetMember } from './fleet-rules';
import { DELIVERY_WAVES } from './schema';
import { registryHostOf } from '../registry/repository-name';

/** Stacks `cdk deploy` may deploy at once; the infrastructure's dependencies still order them. */
export const STACK_CONCURRENCY = 4;

export interface DeployTarget {
  readonly name: string;
  readonly project: string;
  readonly account: string;
  readonly region: string;
  readonly wave: number;
  readonly githubEnvironment: string;
  readonly protected: boolean;
  readonly deployRoleArn: string;
  readonly diffRoleArn: string;
  readonly lookupRoleArn: string;
  /** Space-separated stack names, for `cdk deploy $STACKS`. */
  readonly infrastructureStacks: string;
  readonly applicationStack: string;
  readonly deliveryStack: string;
  readonly concurrency: number;
  /** The registry host of the environment's ECR repositories. */
  readonly registry: string;
  /** Space-separated ECR repository names (`<project>/<env>/<image>`). */
  readonly repositories: string;
}

export function registryHost(model: PlatformModel): string {
  return registryHostOf(model.account, model.region, model.identity.scope.partition);
}

export function deployTarget(model: PlatformModel): DeployTarget | undefined {
  const d = model.delivery;
  if (!d) return undefined;
  return {
    name: model.envName,
    project: model.project,
    account: model.account,
    region: model.region,
    wave: d.wave,
    githubEnvironment: d.githubEnvironment,
    protected: d.protected,
    deployRoleArn: d.roles.deploy.arn,
    diffRoleArn: d.roles.diff.arn,
    lookupRoleArn: d.bootstrapRoleArns.lookup,
    infrastructureStacks: INFRASTRUCTURE_LIFECYCLES.map((l) => stackId(model, l)).join(' '),
    applicationStack: stackId(model, APPLICATION_LIFECYCLE),
    deliveryStack: d.stackName,
    concurrency: STACK_CONCURRENCY,
    registry: registryHost(model),
    repositories: model.data.registry.repositories.map((r) => r.name).join(' '),
  };
}

export interface FleetMatrix {
  /** Every environment file, delivered or not: the check workflow synthesizes them all. */
  readonly environments: readonly string[];
  /** Delivered environments, in wave then name order. */
  readonly targets: readonly DeployTarget[];
  readonly waves: Readonly<Record<string, readonly DeployTarget[]>>;
  /** The one repository the fleet is delivered from (`owner/name`), if any environment is delivered. */
  readonly repository?: string;
}

export function fleetMatrix(members: readonly FleetMember[]): FleetMatrix {
  const targets = members
    .map((m) => deployTarget(m.model))
    .filter((t): t is DeployTarget => t !== undefined)
    .sort((a, b) => a.wave - b.wave || a.name.localeCompare(b.name));
  const waves = Object.fromEntries(DELIVERY_WAVES.map((w) => [`wave${w}`, targets.filter((t) => t.wave === w)]));
  const repository = members.find((m) => m.model.delivery)?.model.delivery?.repository.slug;
  return { environments: members.map((m) => m.model.envName).sort(), targets, waves, repository };
}

/** `name=value` lines for $GITHUB_OUTPUT: every value one line of JSON (or a plain string). */
export function githubOutputLines(outputs: Readonly<Record<string, unknown>>): string[] {
  return Object.entries(outputs).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
}
