/**
 * The policy checks every synth of the platform runs, beside CloudFormation's own validation:
 * cdk-nag's AwsSolutions, NIST 800-53 R5 and HIPAA Security packs on the construct tree, and AWS
 * Control Tower's proactive controls (CloudFormation Guard) on the written templates. Any finding
 * without an acknowledgement fails the synth; acknowledgements live in src/checks/.
 */
import { App, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { cachedCloudFormationValidate } from './cached-cloudformation-validate';
import { ControlTowerChecks } from './control-tower';
import { RecordingAwsSolutions, RecordingHipaaSecurity, RecordingNist80053R5, type RecordingPack } from './nag-packs';

export interface ComplianceChecksOptions {
  /**
   * Run the Control Tower Guard rules. They read the templates written to disk and cost about
   * 2-3 s per synth, so unit tests that turn CloudFormation validation off may turn them off too.
   * @default true
   */
  readonly controlTower?: boolean;
}

/** The checks attached to one app, with what each recorded once the app is synthesized. */
export interface ComplianceChecks {
  readonly packs: readonly RecordingPack[];
  readonly controlTower?: ControlTowerChecks;
}

/** The cdk-nag pack names, in report order. */
export const NAG_PACKS = ['AwsSolutions', 'NIST.800.53.R5', 'HIPAA.Security'] as const;

export function addComplianceChecks(app: IConstruct, options: ComplianceChecksOptions = {}): ComplianceChecks {
  const packs = [new RecordingAwsSolutions(app), new RecordingNist80053R5(app), new RecordingHipaaSecurity(app)];
  const controlTower = options.controlTower === false ? undefined : new ControlTowerChecks();
  Validations.of(app).addPlugins(...packs, ...(controlTower ? [controlTower] : []));
  // CloudFormation's own validation where the app has it on (as aws-cdk-lib decides for its
  // default plugin), with each template's result cached: registering it replaces the default.
  if (App.isApp(app) && app._builtinCloudFormationValidation && process.env.CDK_VALIDATION !== 'false') {
    const cloudFormation = cachedCloudFormationValidate();
    Validations.of(app).addPlugins(cloudFormation);
    // The two take turns otherwise (aws-cdk-lib runs plugins one by one): CloudFormation's
    // validation runs on this thread while cfn-guard runs in a worker (guard-worker.ts).
    if (controlTower) controlTower.whileGuardRuns = (context) => cloudFormation.prepare(context);
  }
  return { packs, controlTower };
}
