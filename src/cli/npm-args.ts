/**
 * Arguments that npm kept for itself. `npm start -c env=prod` (without `--`) never reaches the
 * script: npm 7 and later read `-c` as their own `--call` option and pass the value on only as
 * the configuration variable npm_config_call, so the run would quietly build the default
 * environment. Likewise `--output DIR` becomes npm_config_output=true and a stray `DIR`.
 * Checked by running npm 11.19 with each form (see test/main-job.test.ts).
 */
type Env = Readonly<Record<string, string | undefined>>;

/** The npm command that ran this script, as the user would type it. */
function npmCommand(env: Env): string {
  const event = env.npm_lifecycle_event ?? 'start';
  return event === 'start' || event === 'test' ? `npm ${event}` : `npm run ${event}`;
}

/** Why the arguments did not arrive, with how to write them, or undefined when npm kept none. */
export function argumentsNpmKept(env: Env = process.env): string | undefined {
  if (env.npm_lifecycle_event === undefined) return undefined; // not started by npm
  const call = env.npm_config_call;
  if (call !== undefined && /^[A-Za-z][\w-]*=/.test(call)) {
    return (
      `npm read "-c ${call}" as its own --call option, so the script never saw it and would have used the default environment. ` +
      `Put the script's arguments after "--": ${npmCommand(env)} -- -c ${call} (npm keeps only the last -c, so move every one)`
    );
  }
  for (const option of ['output', 'context']) {
    if (env[`npm_config_${option}`] === 'true') {
      return `npm read "--${option}" as its own option, so the script never saw it. Put the script's arguments after "--": ${npmCommand(env)} -- --${option} ...`;
    }
  }
  return undefined;
}
