/**
 * The `audit` section of the environment file: the account's audit trail and threat detection
 * (issue 16). The section describes the account and region the environment runs in, so every
 * environment of one account says the same (`account-rules.ts`). Checks against other fields
 * live in `rules.ts`.
 */
import { z } from 'zod';

const REGION = /^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/;
/** A mail address as SNS accepts it for an email subscription; the recipient confirms it. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** GuardDuty in the region: create its detector here, use the one the account already has, or none. */
export const GUARD_DUTY_MODES = ['create', 'existing', 'off'] as const;

/**
 * The section's schema. `retention` is the environment schema's CloudWatch Logs retention type,
 * passed in so this file does not import the schema that imports it.
 */
export function auditSchema(retention: z.ZodType<number>) {
  return z
    .strictObject({
      organizationTrail: z
        .boolean()
        .default(false)
        .describe(
          'true: the organization already records this account (an organization trail, its alarms and GuardDuty, e.g. from AWS Control Tower), so no audit stack is built for it. false: the account gets <project>-<account>-<region>-audit.',
        ),
      homeRegion: z
        .string()
        .regex(REGION, 'homeRegion must be an AWS region code such as eu-west-1')
        .optional()
        .describe('Region of the account\'s one multi-Region trail, its log group, metric filters and alarms. Default: the environment\'s region; every environment of the account names the same one.'),
      logRetentionDays: retention
        .refine((v) => v >= 365, { message: 'the trail\'s log group keeps events at least 365 days (CIS and Control Tower CT.CLOUDWATCH.PR.2 ask for a year)' })
        .default(365)
        .describe('Days the trail\'s CloudWatch Logs log group keeps events (365 or more).'),
      retentionDays: z
        .number()
        .int()
        .min(365, 'the trail bucket keeps log files at least 365 days')
        .max(3650)
        .default(365)
        .describe('Days the trail bucket keeps each log file: the Object Lock retention (compliance mode) where data is retained, then they expire.'),
      alarmEmail: z
        .string()
        .regex(EMAIL, 'alarmEmail must be a mail address such as security@example.com')
        .optional()
        .describe('Address subscribed to the alarm topic (it must confirm the subscription). Without it, subscribe your own endpoint to the topic.'),
      guardDuty: z
        .enum(GUARD_DUTY_MODES, { message: 'guardDuty must be "create", "existing" or "off"' })
        .default('off')
        .describe(
          'create: the stack creates the region\'s GuardDuty detector with EKS audit log protection and Runtime Monitoring (agent managed by GuardDuty). existing: the account already has a detector here (a detector is one per account and region; creating a second fails), findings are still routed to the alarm topic. off: no GuardDuty.',
        ),
    })
    .default({ organizationTrail: false, logRetentionDays: 365, retentionDays: 365, guardDuty: 'off' })
    .describe('The account\'s audit trail and threat detection (docs/audit.md): a multi-Region CloudTrail trail, CIS alarms, GuardDuty.');
}
