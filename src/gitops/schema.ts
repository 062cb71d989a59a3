/**
 * The `charts` section of the environment file: one toggle per catalog entry (as before), how the
 * catalog reaches the cluster (`delivery`), and what the EKS-managed Argo CD needs when it does
 * (`argocd`). An object with every catalog id as a field keeps unknown ids an error with the
 * closest known names (config/issues.ts reads the fields of an object schema).
 */
import { z } from 'zod';
import { CHART_IDS, type ChartId } from '../charts/chart-ids';
import { KNOWN_REGIONS } from '../config/regions';

/** How the chart catalog is installed: by CloudFormation (the kubectl provider) or by Argo CD. */
export const CHART_DELIVERY_MODES = ['cloudformation', 'argocd'] as const;
export type ChartDeliveryMode = (typeof CHART_DELIVERY_MODES)[number];

/** Keys of `charts` that are not catalog ids; a catalog entry may never take one of these ids. */
export const CHART_SETTINGS_KEYS = ['delivery', 'argocd'] as const;

/** IAM Identity Center instance ARNs (SSO Admin API, InstanceArn pattern). */
export const IDC_INSTANCE_ARN = /^arn:(aws|aws-cn|aws-us-gov):sso:::instance\/(sso)?ins-[a-zA-Z0-9-.]{16}$/;
/** Identity Store user and group ids (Identity Store API, UserId and GroupId pattern). */
export const IDC_IDENTITY_ID = /^([0-9a-f]{10}-|)[A-Fa-f0-9]{8}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{12}$/;

/** The capability's built-in Argo CD roles (AWS::EKS::Capability ArgoCdRoleMapping.Role). */
export const ARGOCD_ROLES = ['ADMIN', 'EDITOR', 'VIEWER'] as const;

const identity = z.strictObject({
  type: z.enum(['SSO_GROUP', 'SSO_USER'], { message: 'an identity is an SSO_GROUP or an SSO_USER of IAM Identity Center' }).describe('SSO_GROUP or SSO_USER.'),
  id: z
    .string()
    .regex(IDC_IDENTITY_ID, 'an Identity Center user or group id, such as 906753fa-d0b1-70b2-4bc3-1a2b3c4d5e6f (aws identitystore list-groups)')
    .describe('The Identity Store id of the group or user (not its display name).'),
});

const argocd = z
  .strictObject({
    identityCenter: z
      .strictObject({
        instanceArn: z
          .string()
          .regex(IDC_INSTANCE_ARN, 'an IAM Identity Center instance ARN such as arn:aws:sso:::instance/ssoins-1234567890abcdef (aws sso-admin list-instances)')
          .describe('The IAM Identity Center instance Argo CD signs users in with (the capability has no local users).'),
        region: z
          .string()
          .refine((r) => KNOWN_REGIONS.includes(r), { message: 'not an AWS Region this platform knows (src/config/regions.ts)' })
          .optional()
          .describe('Region of the Identity Center instance; default: the environment\'s region.'),
      })
      .describe('IAM Identity Center, required by the Argo CD capability for sign-in.'),
    roleMappings: z
      .array(
        z.strictObject({
          role: z.enum(ARGOCD_ROLES, { message: `Argo CD roles are ${ARGOCD_ROLES.join(', ')}` }).describe('ADMIN, EDITOR or VIEWER (the capability\'s built-in roles).'),
          identities: z.array(identity).min(1, 'name at least one group or user').describe('Identity Center groups and users given this role.'),
        }),
      )
      .min(1, 'map at least one Identity Center group to ADMIN, or nobody can see or sync the Applications in Argo CD')
      .describe('Which Identity Center groups and users get which Argo CD role.'),
    repository: z
      .strictObject({
        url: z
          .string()
          .regex(/^https:\/\/[^\s/]+\/\S+$/, 'a git repository URL over HTTPS, such as https://github.com/acme/eks-platform.git')
          .optional()
          .describe('Git URL of this repository, from which Argo CD reads charts/platform-objects and charts/application; default: the delivery.github repository.'),
        revision: z
          .string()
          .regex(/^[A-Za-z0-9._/-]{1,255}$/, 'a branch, tag or commit')
          .default('main')
          .describe('Branch, tag or commit of this repository that Argo CD reads the platform-objects chart at (the application chart follows application.version when that is a commit).'),
      })
      .default({ revision: 'main' })
      .describe('Where Argo CD reads the charts this repository owns.'),
  })
  .describe('The EKS-managed Argo CD (AWS::EKS::Capability type ARGOCD), used when charts.delivery is argocd (docs/gitops.md).');

const toggle = z
  .strictObject({ enabled: z.boolean().describe('Install this entry of the chart catalog.') })
  .optional()
  .describe('One catalog entry (docs/charts.md).');

export const chartsSchema = z
  .strictObject({
    delivery: z
      .enum(CHART_DELIVERY_MODES, { message: 'charts.delivery is "cloudformation" (the kubectl provider installs each chart) or "argocd" (the EKS-managed Argo CD does)' })
      .default('cloudformation')
      .describe('How the catalog reaches the cluster: cloudformation (Helm releases through the kubectl provider) or argocd (one Argo CD Application per entry). Changing it on a running cluster reinstalls everything: follow docs/gitops.md.'),
    argocd: argocd.optional(),
    ...(Object.fromEntries(CHART_IDS.map((id) => [id, toggle])) as Record<ChartId, typeof toggle>),
  })
  .default({ delivery: 'cloudformation' })
  .describe(`The Helm chart catalog: how it is delivered, and entries turned on or off (docs/charts.md, docs/gitops.md). Entries: ${CHART_IDS.join(', ')}.`);

export type ChartsConfig = z.output<typeof chartsSchema>;
export type ArgoCdConfig = NonNullable<ChartsConfig['argocd']>;
