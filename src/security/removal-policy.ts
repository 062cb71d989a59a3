import { RemovalPolicy } from 'aws-cdk-lib';

/**
 * The environment's `data.removalPolicy` for whatever holds data, logs or keys: kept when its stack
 * is deleted (`retain`), or deleted with it (`destroy`), so that a `destroy` environment can be
 * deployed again after a teardown without "already exists" on a named log group or alias.
 */
export function environmentRemovalPolicy(retain: boolean): RemovalPolicy {
  return retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
}
