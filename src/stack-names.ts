/** The environment's stack names, apart from the stacks themselves so that tools (teardown, plan) name them without loading aws-cdk-lib. */
import type { PlatformModel } from './config/model';

/** The lifecycles `cdk deploy` of the infrastructure covers, in dependency order (the pipeline deploys these). */
export const INFRASTRUCTURE_LIFECYCLES = ['network', 'data', 'cluster', 'charts'] as const;
/** The application layer's lifecycle, deployed on its own with the application's version. */
export const APPLICATION_LIFECYCLE = 'application';

/** Stack ids: `<project>-<env>-<lifecycle>`. */
export function stackId(model: PlatformModel, lifecycle: string): string {
  return `${model.project}-${model.envName}-${lifecycle}`;
}
