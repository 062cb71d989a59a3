import { DefaultStackSynthesizer, Stack, Tags, type StackProps } from 'aws-cdk-lib';
import { DEFAULT_BOOTSTRAP_QUALIFIER } from '../delivery/schema';
import { Construct } from 'constructs';
import type { PlatformModel } from '../config/model';

export interface PlatformStackProps extends StackProps {
  readonly model: PlatformModel;
  /** What this stack holds, for its CloudFormation description. */
  readonly purpose: string;
}

/**
 * Base of every platform stack: the environment's account and region, its tags, and its
 * Availability Zones taken from the model rather than looked up, so synthesis stays offline
 * for any environment, shipped or not.
 */
export abstract class PlatformStack extends Stack {
  readonly model: PlatformModel;

  constructor(scope: Construct, id: string, props: PlatformStackProps) {
    super(scope, id, {
      ...props,
      env: { account: props.model.account, region: props.model.region },
      description: `eks-platform ${props.model.envName}: ${props.purpose}`,
      // Environments that keep their data also refuse stack deletion until protection is lifted.
      terminationProtection: props.model.data.retain,
      // The bootstrap the pipeline's deploy role may assume (delivery.bootstrapQualifier).
      synthesizer: qualifierSynthesizer(props.model.delivery?.qualifier),
    });
    this.model = props.model;
    for (const [key, value] of Object.entries(props.model.tags)) Tags.of(this).add(key, value);
  }

  override get availabilityZones(): string[] {
    return [...this.model.availabilityZones];
  }
}

/** A synthesizer for a non-default bootstrap qualifier; the default synthesizer otherwise. */
function qualifierSynthesizer(qualifier: string | undefined): DefaultStackSynthesizer | undefined {
  return qualifier && qualifier !== DEFAULT_BOOTSTRAP_QUALIFIER ? new DefaultStackSynthesizer({ qualifier }) : undefined;
}
