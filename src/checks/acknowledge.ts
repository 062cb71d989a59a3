/**
 * Acknowledging one concern in every pack that reports it: cdk-nag's NIST 800-53 R5 and HIPAA
 * Security packs often check the same property (both ask for the same thing under different
 * controls), and AWS Control Tower's Guard rules (namespace `Control-Tower::`) a third time. Each
 * id is still acknowledged on its own, with the one reason that answers all of them.
 */
import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { CONTROL_TOWER_NAMESPACE } from '../compliance/control-tower';

export const nist = (rule: string) => `NIST.800.53.R5-${rule}`;
export const hipaa = (rule: string) => `HIPAA.Security-${rule}`;
/** The NIST and HIPAA ids of one cdk-nag rule both packs carry. */
export const nistHipaa = (rule: string) => [nist(rule), hipaa(rule)];
/** A Control Tower control, as aws-cdk-lib names the plugin's findings: `Control-Tower::CT.S3.PR.2`. */
export const controlTower = (control: string) => `${CONTROL_TOWER_NAMESPACE}::${control}`;

export function acknowledge(scope: IConstruct, ids: readonly string[], reason: string): void {
  for (const id of ids) Validations.of(scope).acknowledge({ id, reason });
}
