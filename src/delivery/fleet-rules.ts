/**
 * Checks across the environments of the fleet (every file of environments/): what one file cannot
 * see about the others. Account-wide singletons (the OIDC provider, the account's delivery stack
 * and its role names) need one project, one home region and one provider setting per account;
 * the pipeline needs one repository, unique names and unique GitHub environments.
 */
import type { PlatformModel } from '../config/model';
import { auditAccountProblems } from '../audit/account-rules';

export interface FleetMember {
  /** Where the environment comes from, e.g. `environments/dev.json`. */
  readonly file: string;
  /** The file's base name without `.json`, when it is a file of the fleet directory. */
  readonly fileName?: string;
  readonly model: PlatformModel;
}

export interface FleetProblem {
  readonly file: string;
  readonly path: string;
  readonly message: string;
}

export function formatFleetProblems(problems: readonly FleetProblem[]): string {
  const lines = [`The fleet is invalid (${problems.length} problem${problems.length === 1 ? '' : 's'}):`];
  for (const p of problems) lines.push(`  - ${p.file}: ${p.path}: ${p.message}`);
  return lines.join('\n');
}

/** Rules that the members of one account must satisfy for its delivery stack to exist. */
export function accountProblems(members: readonly FleetMember[]): FleetProblem[] {
  const problems: FleetProblem[] = [];
  const byAccount = new Map<string, FleetMember[]>();
  for (const m of members) byAccount.set(m.model.account, [...(byAccount.get(m.model.account) ?? []), m]);
  for (const [account, group] of byAccount) {
    const [first, ...others] = group;
    for (const m of others) {
      const add = (path: string, message: string) => problems.push({ file: m.file, path, message });
      const sameRegion = m.model.region === first.model.region;
      if (m.model.project !== first.model.project) {
        add(
          'project',
          `account ${account}${sameRegion ? ` / ${m.model.region}` : ''} already belongs to project "${first.model.project}" (${first.file}); ` +
            'an account holds one project: its delivery stack, GitHub OIDC provider and pipeline role names are account-wide. Use another account',
        );
      }
      const [a, b] = [first.model.delivery, m.model.delivery];
      if (!a || !b) continue;
      if (a.homeRegion !== b.homeRegion) {
        add(
          'delivery.homeRegion',
          `the delivery stack of account ${account} is in ${a.homeRegion} for ${first.file} but ${b.homeRegion} here; one account has one delivery stack: set delivery.homeRegion to the same region in every environment of the account`,
        );
      }
      if (a.oidcProvider !== b.oidcProvider) {
        add('delivery.oidcProvider', `${first.file} says "${a.oidcProvider}" for account ${account}; the account has one GitHub OIDC provider: use the same value in every environment of the account`);
      }
    }
    const regions = new Set(group.map((m) => m.model.region));
    for (const m of group) {
      const home = m.model.delivery?.homeRegion;
      if (home && !regions.has(home)) {
        problems.push({
          file: m.file,
          path: 'delivery.homeRegion',
          message: `${home} hosts no environment of account ${account}; pick one of ${[...regions].sort().join(', ')} (that region is bootstrapped, which the delivery stack needs)`,
        });
      }
    }
  }
  return problems;
}

/** Every rule of the fleet: the account rules, then names and the repository. (ECR repositories carry the environment's name, unique in the fleet.) */
export function fleetProblems(members: readonly FleetMember[]): FleetProblem[] {
  const problems = [...accountProblems(members), ...auditAccountProblems(members)];
  const add = (m: FleetMember, path: string, message: string) => problems.push({ file: m.file, path, message });

  const names = new Map<string, FleetMember>();
  const githubEnvironments = new Map<string, FleetMember>();
  let repository: { slug: string; member: FleetMember } | undefined;
  for (const m of members) {
    const { model } = m;
    if (m.fileName !== undefined && m.fileName !== model.envName) {
      add(m, 'name', `"${model.envName}" differs from the file name ${m.fileName}.json; the workflows select an environment with -c env=<name>, which reads environments/<name>.json: rename the file or the environment`);
    }
    const twin = names.get(model.envName);
    if (twin) add(m, 'name', `environment name "${model.envName}" is also used by ${twin.file}; names are unique in the fleet (they name stacks, roles and GitHub environments)`);
    else names.set(model.envName, m);

    const delivery = model.delivery;
    if (!delivery) continue;
    // GitHub compares environment names case-insensitively: Prod and prod are one environment.
    const key = delivery.githubEnvironment.toLowerCase();
    const sharing = githubEnvironments.get(key);
    if (sharing) {
      add(m, 'delivery.github.environment', `GitHub environment "${delivery.githubEnvironment}" is also used by ${sharing.file}; a job of that environment could then assume both deploy roles: give each environment its own`);
    } else githubEnvironments.set(key, m);
    if (!repository) repository = { slug: delivery.repository.slug, member: m };
    else if (delivery.repository.slug !== repository.slug) {
      add(m, 'delivery.github', `the fleet is delivered from ${repository.slug} (${repository.member.file}), not ${delivery.repository.slug}: the workflows of one repository deploy the fleet; keep this environment in its own repository's environments/`);
    }
  }

  return problems;
}
