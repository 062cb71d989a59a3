/** One problem of an environment file: the field and what is wrong with it, with the fix. */
export interface ConfigProblem {
  /** Dotted path of the field, e.g. `nodeGroup.instanceTypes[0]`. */
  readonly path: string;
  readonly message: string;
}
