/**
 * The ECR repository of an application image: `<project>/<env>/<image>`. The environment is in the
 * name so that environments of one project may share an account and Region, each owning its
 * repositories with its own lifecycle (a teardown empties only its own). The data stack creates
 * them; the application chart, the pipeline and the teardown name them through this.
 */
import { dnsSuffixOf } from '../config/regions';

export function repositoryName(project: string, envName: string, image: string): string {
  return `${project}/${envName}/${image}`;
}

/** The ECR registry of an account and Region: `<account>.dkr.ecr.<region>.<dns suffix>`. */
export function registryHostOf(account: string, region: string, partition: string): string {
  return `${account}.dkr.ecr.${region}.${dnsSuffixOf(partition)}`;
}
