/**
 * The fleet: every environment file of environments/. Adding a file adds the environment to the
 * pipeline (when it has a `delivery` section). This file loads the fleet and shapes the account's
 * view of it that the delivery stack is built from.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ENVIRONMENTS_DIR, shippedEnvironments, validateEnvironment } from '../config/load';
import type { PlatformModel } from '../config/model';
import { accountProblems, fleetProblems, type FleetMember, type FleetProblem } from './fleet-rules';
import type { BootstrapRole, DeliveryModel, DeliveryRole, GitHubRepository } from './resolve';

export type FleetResult =
  | { readonly ok: true; readonly members: readonly FleetMember[] }
  | { readonly ok: false; readonly problems: readonly FleetProblem[] };

/** Read and validate each environment file of the fleet directory on its own. */
function readMembers(dir: string): { members: FleetMember[]; problems: FleetProblem[] } {
  const members: FleetMember[] = [];
  const problems: FleetProblem[] = [];
  for (const name of shippedEnvironments(dir)) {
    const file = `environments/${name}.json`;
    let data: unknown;
    try {
      data = JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8'));
    } catch (e) {
      problems.push({ file, path: '(file)', message: `not valid JSON: ${(e as Error).message}` });
      continue;
    }
    const loaded = validateEnvironment(data, file);
    if (loaded.ok) members.push({ file, fileName: name, model: loaded.model });
    else problems.push(...loaded.problems.map((p) => ({ file, ...p })));
  }
  return { members, problems };
}

/** Load and validate every environment file of the fleet, then the rules across them. */
export function loadFleet(dir = ENVIRONMENTS_DIR): FleetResult {
  const { members, problems } = readMembers(dir);
  problems.push(...fleetProblems(members));
  return problems.length ? { ok: false, problems } : { ok: true, members };
}

/** An environment as its account's delivery stack sees it. */
export interface DeliveryEnvironment {
  readonly name: string;
  readonly region: string;
  readonly githubEnvironment: string;
  readonly subject: string;
  readonly deployRole: DeliveryRole;
  readonly bootstrapRoleArns: Readonly<Record<BootstrapRole, string>>;
  /** ECR repositories the environment's data stack creates, as ARNs. */
  readonly repositoryArns: readonly string[];
}

/** One account of the fleet: what its delivery stack holds. */
export interface AccountDelivery {
  readonly account: string;
  readonly project: string;
  readonly partition: string;
  readonly homeRegion: string;
  /** Bootstrap qualifier in the home region, where the stack deploys. */
  readonly homeQualifier: string;
  readonly stackName: string;
  readonly oidcProvider: 'create' | 'existing';
  readonly repository: GitHubRepository;
  readonly subjects: { readonly pullRequest: string; readonly main: string };
  readonly diffRole: DeliveryRole;
  readonly pushRole: DeliveryRole;
  /** Lookup roles of every region of the account that has an environment: all the diff role may assume. */
  readonly lookupRoleArns: readonly string[];
  readonly environments: readonly DeliveryEnvironment[];
  /** Some environment of the account keeps its data: the stack refuses deletion too. */
  readonly retain: boolean;
  readonly tags: Readonly<Record<string, string>>;
}

export function repositoryArn(model: PlatformModel, name: string): string {
  return `arn:${model.identity.scope.partition}:ecr:${model.region}:${model.account}:repository/${name}`;
}

/** The account's delivery, from the delivered environments of that account (consistent by `accountProblems`). */
export function accountDelivery(models: readonly PlatformModel[], account: string): AccountDelivery | undefined {
  const delivered = models
    .filter((m) => m.account === account && m.delivery)
    .sort((a, b) => a.envName.localeCompare(b.envName)) as Array<PlatformModel & { delivery: DeliveryModel }>;
  if (delivered.length === 0) return undefined;
  const [first] = delivered;
  const d = first.delivery;
  return {
    account,
    project: first.project,
    partition: first.identity.scope.partition,
    homeRegion: d.homeRegion,
    homeQualifier: (delivered.find((m) => m.region === d.homeRegion) ?? first).delivery.qualifier,
    stackName: d.stackName,
    oidcProvider: d.oidcProvider,
    repository: d.repository,
    subjects: { pullRequest: d.subjects.pullRequest, main: d.subjects.main },
    diffRole: d.roles.diff,
    pushRole: d.roles.push,
    lookupRoleArns: [...new Set(delivered.map((m) => m.delivery.bootstrapRoleArns.lookup))].sort(),
    environments: delivered.map((m) => ({
      name: m.envName,
      region: m.region,
      githubEnvironment: m.delivery.githubEnvironment,
      subject: m.delivery.subjects.environment,
      deployRole: m.delivery.roles.deploy,
      bootstrapRoleArns: m.delivery.bootstrapRoleArns,
      repositoryArns: m.data.registry.repositories.map((r) => repositoryArn(m, r.name)),
    })),
    retain: delivered.some((m) => m.data.retain),
    tags: { project: first.project, 'managed-by': 'eks-platform', component: 'delivery' },
  };
}

export type DeliveryChoice =
  | { readonly ok: true; readonly account?: AccountDelivery }
  | { readonly ok: false; readonly problems: readonly FleetProblem[] };

/**
 * The delivery stack to build beside one environment: its account's, from the fleet with this
 * environment in place of the fleet's file of the same name (so a variant or a file of the user's
 * is what gets built). Only the account's own rules apply here; `npm run fleet` checks them all.
 */
export function deliveryFor(model: PlatformModel, source: string, dir = ENVIRONMENTS_DIR): DeliveryChoice {
  if (!model.delivery) return { ok: true };
  const sameAccount = accountMembers(model, source, dir).filter((m) => m.model.delivery);
  const problems = accountProblems(sameAccount);
  if (problems.length) return { ok: false, problems };
  return { ok: true, account: accountDelivery(sameAccount.map((m) => m.model), model.account) };
}

/**
 * The environments of the fleet in this environment's account, with this environment in place of
 * the fleet's file of the same name (so a variant or a file of the user's is what counts). A
 * broken file elsewhere in the fleet does not stop this environment; its own account must be sound.
 */
export function accountMembers(model: PlatformModel, source: string, dir = ENVIRONMENTS_DIR): FleetMember[] {
  const { members: fleet } = readMembers(dir);
  const members: FleetMember[] = [...fleet.filter((m) => m.model.envName !== model.envName), { file: source, model }];
  return members.filter((m) => m.model.account === model.account);
}
