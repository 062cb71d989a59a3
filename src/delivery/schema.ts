/**
 * The `delivery` section of the environment file: which GitHub repository may deploy the
 * environment, through which GitHub environment, in which wave, with which CDK bootstrap. Checks
 * across environments (the fleet: names, accounts, one repository) live in `fleet-rules.ts`.
 */
import { z } from 'zod';

/**
 * Waves, in deployment order. The deploy-platform workflow has one job per wave (a test checks
 * that the two agree), so a fourth wave is a new entry here and a new job there.
 */
export const DELIVERY_WAVES = [1, 2, 3] as const;
export type DeliveryWave = (typeof DELIVERY_WAVES)[number];

/** The CDK bootstrap's default qualifier (`cdk bootstrap` without `--qualifier`). */
export const DEFAULT_BOOTSTRAP_QUALIFIER = 'hnb659fds';

/** GitHub's rules for account (owner) names: alphanumerics and single hyphens, at most 39. */
const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;
/** Repository names: letters, digits, `.`, `_`, `-`, at most 100, and never `.` or `..`. */
const REPOSITORY = /^(?!\.\.?$)[A-Za-z0-9._-]{1,100}$/;
/**
 * GitHub environment names as this platform accepts them: no `:` (GitHub writes it as `%3A` in
 * the token's subject), no `/` or spaces, so the name is the same in the workflow, the API path
 * and the trust policy.
 */
const GITHUB_ENVIRONMENT = /^[A-Za-z0-9._-]{1,255}$/;
const REGION = /^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/;

/**
 * What a GitHub name copied from a clone URL or the address bar looks like, and the fix: the
 * trust policy compares `repo:<owner>/<repository>` literally, so `eks-platform.git` or a URL
 * would trust a repository that does not exist and every deploy would be refused.
 */
export function githubNameFix(field: 'owner' | 'repository', value: string): string | undefined {
  const url = /^(?:(?:https?|ssh|git):\/\/(?:[^@/]+@)?|git@)?(?:www\.)?github\.com[:/]+([^/\s]+)(?:\/([^/\s]*?))?(?:\.git)?\/?$/i.exec(value.trim());
  if (url) {
    const [owner, repository] = [url[1], url[2]];
    const parts = repository ? `owner "${owner}" and repository "${repository}"` : `owner "${owner}"`;
    return `${field} is a name, not a URL: write ${parts} separately, without github.com`;
  }
  if (field === 'repository' && value.includes('/')) {
    const [owner, repository] = value.split('/', 2);
    return `repository is the name without the owner: write owner "${owner}" and repository "${repository.replace(/\.git$/, '')}"`;
  }
  if (field === 'repository' && /\.git$/i.test(value) && value.length > 4) {
    return `repository is the name as GitHub shows it, without the clone suffix: write "${value.slice(0, -4)}"`;
  }
  return undefined;
}

/** The fix for a copied name, as the field's only problem (it stops the field's other checks). */
function copiedName(field: 'owner' | 'repository') {
  return (value: string, ctx: z.RefinementCtx) => {
    const fix = githubNameFix(field, value);
    if (fix) ctx.addIssue({ code: 'custom', message: fix, continue: false });
  };
}

const githubSchema = z
  .strictObject({
    owner: z
      .string()
      .superRefine(copiedName('owner'))
      .regex(OWNER, 'owner is a GitHub user or organization name: letters, digits and single hyphens, at most 39 (no wildcards)')
      .describe('GitHub user or organization that owns the repository, spelled as GitHub shows it (the trust policy compares it case-sensitively).'),
    repository: z
      .string()
      .superRefine(copiedName('repository'))
      .regex(REPOSITORY, 'repository is a GitHub repository name: letters, digits, ".", "_" and "-", at most 100 (no wildcards)')
      .describe('Repository name without the owner, spelled as GitHub shows it.'),
    ownerId: z
      .number()
      .int()
      .positive()
      .optional()
      .describe('Numeric id of the owner. Set it with repositoryId when the repository uses GitHub\'s immutable subject claims (repositories created after 15 July 2026, or opted in): the subject is then repo:<owner>@<ownerId>/<repository>@<repositoryId>:...'),
    repositoryId: z.number().int().positive().optional().describe('Numeric id of the repository; set with ownerId (immutable subject claims).'),
    environment: z
      .string()
      .regex(GITHUB_ENVIRONMENT, 'a GitHub environment name here is letters, digits, ".", "_" and "-" (no ":" or spaces), at most 255')
      .optional()
      .describe('GitHub environment whose jobs may deploy this environment (its protection rules gate the deploy role); default: the environment\'s name.'),
  })
  .superRefine((v, ctx) => {
    if ((v.ownerId === undefined) !== (v.repositoryId === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [v.ownerId === undefined ? 'ownerId' : 'repositoryId'],
        message: 'ownerId and repositoryId go together: set both for the immutable subject format, or neither for repo:<owner>/<repository>',
      });
    }
  })
  .describe('The only GitHub repository whose workflows may assume the environment\'s pipeline roles.');

export const deliverySchema = z
  .strictObject({
    github: githubSchema,
    wave: z
      .number()
      .refine((v) => (DELIVERY_WAVES as readonly number[]).includes(v), {
        message: `unknown wave: waves are ${DELIVERY_WAVES.join(', ')} (the deploy-platform workflow has one job per wave; wave 1 deploys first)`,
      })
      .describe(`Deployment wave (${DELIVERY_WAVES.join(', ')}): environments of one wave deploy in parallel, waves one after the other.`),
    protected: z
      .boolean()
      .default(false)
      .describe('The GitHub environment must have required reviewers: the pipeline checks it before the first wave and refuses to deploy otherwise (set it for production).'),
    bootstrapQualifier: z
      .string()
      .regex(/^[a-z0-9-]{1,10}$/, 'bootstrapQualifier is at most 10 lowercase letters, digits or hyphens (it names the bootstrap roles and bucket)')
      .default(DEFAULT_BOOTSTRAP_QUALIFIER)
      .describe('Qualifier of the CDK bootstrap in the environment\'s account and region (cdk bootstrap --qualifier); the stacks and the deploy role use it.'),
    homeRegion: z
      .string()
      .regex(REGION, 'homeRegion must be an AWS region code such as eu-west-1')
      .optional()
      .describe('Region of the account\'s delivery stack (IAM is global: one stack per account). Default: the environment\'s region; environments of one account in several regions must name the same one.'),
    oidcProvider: z
      .enum(['create', 'existing'])
      .default('create')
      .describe('create: the account\'s delivery stack creates GitHub\'s OIDC provider. existing: the account already has one (an account holds one per URL); the stack uses it by its ARN.'),
  })
  .describe('Delivery by GitHub Actions (SPEC section 9): the repository, GitHub environment and wave of this environment; absent means the environment is deployed by hand only. docs/delivery.md.');

export type DeliveryConfig = z.output<typeof deliverySchema>;
