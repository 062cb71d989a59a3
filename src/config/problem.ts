/** A problem of an environment file: the field that holds it and what to do. A leaf file, shared by every rule file. */
export interface ConfigProblem {
  /** Dotted path of the field, e.g. `nodeGroup.instanceTypes[0]`. */
  readonly path: string;
  readonly message: string;
}
