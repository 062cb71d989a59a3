/**
 * docs/delivery.md: how a team goes from an empty account to a deployed environment through the
 * pipelines. The fleet table comes from the environment files, the roles from the delivery model
 * and the diagram from the workflows' own jobs and `needs` (parsed YAML), so none can drift.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import type { PlatformModel } from '../config/model';
import { deployTarget } from '../delivery/matrix';
import { GITHUB_OIDC_URL } from '../delivery/resolve';
import { DEFAULT_BOOTSTRAP_QUALIFIER } from '../delivery/schema';
import { GENERATED } from './docs';

const WORKFLOWS_DIR = resolve(__dirname, '../../.github/workflows');

/** A Mermaid flowchart of every workflow: one subgraph each, its jobs, `needs` edges and reusable-workflow calls. */
export function pipelineDiagram(dir = WORKFLOWS_DIR): string {
  const files = readdirSync(dir).filter((f) => f.endsWith('.yml')).sort();
  const lines = ['flowchart LR'];
  // Mermaid ids: letters, digits and underscores only.
  const node = (...parts: string[]) => parts.join('_').replace(/[^A-Za-z0-9_]/g, '_');
  const calls: string[] = [];
  for (const file of files) {
    const wf = parse(readFileSync(join(dir, file), 'utf8'));
    const name = file.replace(/\.yml$/, '');
    const triggers = Object.keys(typeof wf.on === 'string' ? { [wf.on]: null } : wf.on).join(', ');
    lines.push(`  subgraph ${node(name)}["${name} (${triggers})"]`);
    for (const [id, job] of Object.entries<any>(wf.jobs)) {
      const traits = [job.environment ? 'GitHub environment' : '', job.permissions?.['id-token'] === 'write' ? 'OIDC' : ''].filter(Boolean).join(', ');
      lines.push(`    ${node(name, id)}["${id}${traits ? `<br/>${traits}` : ''}"]`);
      for (const need of [job.needs ?? []].flat()) lines.push(`    ${node(name, need)} --> ${node(name, id)}`);
      if (typeof job.uses === 'string' && job.uses.startsWith('./.github/workflows/')) {
        calls.push(`  ${node(name, id)} -. calls .-> ${node(job.uses.replace('./.github/workflows/', '').replace(/\.yml$/, ''))}`);
      }
    }
    lines.push('  end');
  }
  return [...lines, ...calls].join('\n');
}

function table(header: string[], rows: string[][]): string[] {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)];
}

export function deliveryDoc(models: readonly PlatformModel[], diagram = pipelineDiagram()): string {
  const delivered = models.filter((m) => m.delivery).sort((a, b) => a.delivery!.wave - b.delivery!.wave || a.envName.localeCompare(b.envName));
  const targets = delivered.map((m) => deployTarget(m)!);
  const accounts = [...new Map(delivered.map((m) => [m.account, m])).values()];
  return [
    '# Delivery: GitHub Actions, from a pull request to every environment',
    '',
    GENERATED,
    '',
    'Four workflows under `.github/workflows/` deliver the fleet, every environment file of',
    '`environments/` that has a `delivery` section, with short-lived credentials from GitHub\'s OIDC',
    'provider and no stored AWS keys:',
    '',
    '- **check** (every pull request and push): `npm ci`, `npm test`, the main job (`npm start -- -c env=<name>`,',
    '  validation, CloudFormation checks and cdk-nag) for every environment file with its cloud assembly as an',
    '  artifact, and on pull requests `cdk diff --method template` of each delivered environment through the',
    '  account\'s read-only diff role.',
    '- **deploy-platform** (push to `main`, or by hand): checks that protected environments have reviewers,',
    '  runs **images**, then the waves: each environment\'s infrastructure stacks, then its application stack at',
    '  the commit, through the environment\'s deploy role inside its GitHub environment.',
    '- **images** (called by deploy-platform, or by hand on `main`): builds each changed image once, gives',
    '  unchanged ones the new tag, pushes to every registry of the fleet and fails on critical scan findings.',
    '- **deploy-application** (by hand): the application stack of one environment at a given commit\'s images,',
    '  for a rollback.',
    '',
    '## The pipeline, read from the workflows',
    '',
    '```mermaid',
    diagram,
    '```',
    '',
    '## The fleet',
    '',
    'Adding an environment file with a `delivery` section adds the environment to the pipeline. Environments',
    'of one wave deploy in parallel; a wave starts when the previous one succeeded. `npm run fleet` prints',
    'this table and checks the rules across files (unique names matching the file names, one project and one',
    'home region per account, one repository, distinct GitHub environments).',
    '',
    ...table(
      ['environment', 'account', 'region', 'wave', 'GitHub environment', 'reviewers', 'deploy role', 'delivery stack'],
      targets.map((t) => [t.name, t.account, t.region, String(t.wave), t.githubEnvironment, t.protected ? 'required (checked)' : '', `\`${t.deployRoleArn.split('/')[1]}\``, `\`${t.deliveryStack}\``]),
    ),
    '',
    '## Identities: one delivery stack per account',
    '',
    'GitHub\'s OIDC provider is an account-wide singleton (IAM refuses a second provider with the same URL), so',
    'its lifecycle is the account\'s, not an environment\'s: a per-environment stack would make one environment',
    'own the provider that the others\' roles trust, and tearing that environment down would break their',
    `pipelines. \`<project>-<account>-delivery\` holds the provider (\`${GITHUB_OIDC_URL}\`, audience`,
    '`sts.amazonaws.com`, no thumbprint: IAM verifies GitHub with its library of trusted root CAs) and every',
    'role of the account. IAM is global, so the stack lives in one region, `delivery.homeRegion` (default: the',
    'environment\'s region; environments of one account in several regions name the same one). An account',
    'whose provider already exists sets `delivery.oidcProvider: existing`. The provider is retained if the stack',
    'is deleted, since other workloads may trust it.',
    '',
    ...table(
      ['role', 'trusted subject (StringEquals, with aud = sts.amazonaws.com)', 'may do'],
      [
        ['`<project>-github-diff` (per account)', '`repo:<owner>/<repo>:pull_request`', 'sts:AssumeRole on the CDK lookup roles of the account\'s regions (ReadOnlyAccess without kms:Decrypt)'],
        ['`<project>-<env>-github-deploy`', '`repo:<owner>/<repo>:environment:<GitHub environment>`', 'sts:AssumeRole on the four bootstrap roles of its account and region: deploy, file-publishing, image-publishing, lookup'],
        ['`<project>-github-push` (per account)', '`repo:<owner>/<repo>:ref:refs/heads/main`', 'the image push group\'s statements, on the repositories of the account\'s environments'],
      ],
    ),
    '',
    'Repositories created after 15 July 2026 (or opted in) use GitHub\'s immutable subjects',
    '`repo:<owner>@<ownerId>/<repo>@<repositoryId>:...`: set `delivery.github.ownerId` and `repositoryId`.',
    'GitHub puts `environment:<name>` in the subject of any job that names an environment, `pull_request` only',
    'in jobs without one: the diff and images jobs name none, the deploy jobs always do.',
    '',
    '## From an empty account to a deployed dev environment',
    '',
    '1. **Environment file.** Copy `environments/dev.json`, set the account, region, zones, CIDRs and access',
    '   roles, and its `delivery` section: `github.owner` and `github.repository` of this repository as GitHub',
    '   spells them (the trust is case-sensitive), a `wave`, and `protected: true` for production. Run',
    '   `npm run fleet` and `npm start -- -c env=<name>`.',
    `2. **Bootstrap** each account and region with administrator credentials: \`npx cdk bootstrap aws://<account>/<region>\``,
    `   (qualifier \`${DEFAULT_BOOTSTRAP_QUALIFIER}\` unless \`delivery.bootstrapQualifier\` says otherwise: then add \`--qualifier <q>\`).`,
    '   No `--trust` is needed: the bootstrap roles trust their own account, and the deploy role lives in that',
    '   account, so its own policy (assume exactly those four roles) is what lets it in. `--trust` is for',
    '   pipelines in another account. The CloudFormation execution role keeps the bootstrap default',
    '   (AdministratorAccess) unless `--cloudformation-execution-policies` narrows it: whoever may assume the',
    '   deploy role deploys with it, which is why the deploy role sits behind GitHub environments.',
    '3. **Delivery stack**, once per account, with administrator credentials: `npx cdk deploy -c env=<name> <project>-<account>-delivery`.',
    '   The pipeline never deploys it: a pipeline that could rewrite its own trust could widen it.',
    '4. **GitHub environments** (Settings, Environments): create one per delivered environment, named as',
    '   `delivery.github.environment` (default: the environment\'s name). For protected ones add required',
    '   reviewers and limit deployment branches to `main`; deploy-platform refuses to start while a protected',
    '   environment lacks reviewers (GitHub would otherwise create it, unprotected, on first use).',
    '5. **Variables**: set the repository variable `DELIVERY_DIFF` to `true` once the delivery stacks exist, to turn on',
    '   `cdk diff` in pull requests (forks and pull requests from forks skip it). No secrets: role ARNs come from',
    '   `npm run fleet`.',
    '6. **First run**: merge to `main`. deploy-platform runs images, then wave 1: the infrastructure',
    '   (network, data, cluster, charts in dependency order) and, once every image has a source under',
    '   `images/<name>/Dockerfile`, the application stack at the commit. Later waves wait for their reviewers.',
    '',
    '## Images',
    '',
    'An application image\'s source is `images/<name>/` with a `Dockerfile`, for each name in',
    '`registry.images`. Each commit of `main` gives every image the tag `<commit sha>` in the repository',
    '`<project>/<env>/<image>` of every environment that lists it (environments sharing an account and Region',
    'each have their own): a changed directory is built once (`docker buildx`, platforms from',
    'the environments\' node architectures, no attestations) and the same digest pushed everywhere; an unchanged',
    'one gets the new tag on the previous commit\'s image, so a deploy always names one version. ECR scans on',
    'push; the job waits for each scan (DescribeImages, within the push permissions) and fails on any CRITICAL',
    'finding, or on a scan that cannot complete. While some image has no source, the pipeline deploys only',
    'the infrastructure. Basic scanning scans a digest once: a retagged image keeps its first scan\'s result.',
    '',
    '## Rollback',
    '',
    'Run **deploy-application** with the environment and the full SHA of an earlier commit of `main`. It checks',
    'through the lookup role that every image of the environment has that tag and passed its scan, then',
    'deploys the application stack (`--exclusively`, `-c appVersion=<sha>`) in the environment\'s GitHub',
    'environment, so the same reviewers apply. It changes the images\' version only; a change to the',
    'infrastructure or the chart is rolled back by reverting the commit, which the pipeline then deploys.',
    'Tags are immutable and the repositories keep the newest `registry.keepTaggedImages` images.',
    '',
    '## Concurrency',
    '',
    'Every job that deploys an environment joins the group `deploy-<name>`, whichever workflow runs it, so two',
    'deploys of one environment never overlap. GitHub keeps one pending job per group: a newer pending deploy',
    'replaces an older pending one (a newer commit of `main` supersedes it; a rollback started while a deploy',
    'waits may be replaced by the next push, so check its run).',
    '',
    '## Accounts of the fleet',
    '',
    ...table(
      ['account', 'project', 'delivery stack', 'home region', 'OIDC provider', 'repository'],
      accounts.map((m) => [m.account, m.project, `\`${m.delivery!.stackName}\``, m.delivery!.homeRegion, m.delivery!.oidcProvider, `\`${m.delivery!.repository.slug}\``]),
    ),
    '',
    'The shipped accounts (111111111111, 222222222222) and the repository `example-org/eks-platform` are',
    'placeholders: replace them with yours.',
    '',
  ].join('\n');
}
