/** What every bounded step of the teardown is given, and how it words an error in its report. */
export interface StepContext {
  /** Act; without it the step only looks. */
  readonly act: boolean;
  /** The bound of each wait. */
  readonly waitMinutes: number;
  readonly pollSeconds: number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly now: () => number;
  readonly log: (line: string) => void;
}

/** An error's first line: SDK and client messages can run to many. */
export const errorLine = (e: unknown): string => (e instanceof Error ? e.message : String(e)).split('\n')[0];
