/**
 * Publishing the application images of one commit, through the AWS CLI and docker (both on
 * GitHub's runners): build once and push the same digest to every registry of the fleet, or give
 * an unchanged image the new tag, then wait for ECR's scan on push and fail on critical findings.
 * Everything goes through a `Shell`, so the tests drive it with recorded answers.
 */
import type { ImagePlanEntry, ImageTarget } from './images';

export interface ShellResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface Shell {
  run(command: string, args: readonly string[], options?: { readonly env?: Readonly<Record<string, string>>; readonly input?: string }): ShellResult;
  log(line: string): void;
  sleep(seconds: number): void;
}

export type Credentials = Readonly<Record<'AWS_ACCESS_KEY_ID' | 'AWS_SECRET_ACCESS_KEY' | 'AWS_SESSION_TOKEN' | 'AWS_REGION', string>>;

export class PublishError extends Error {}

function aws(shell: Shell, args: readonly string[], env?: Credentials): ShellResult {
  return shell.run('aws', [...args, '--output', 'json'], { env });
}

function json(result: ShellResult, what: string): any {
  if (result.status !== 0) throw new PublishError(`${what} failed: ${result.stderr.trim() || `exit ${result.status}`}`);
  return JSON.parse(result.stdout || '{}');
}

/** Exchange the job's OIDC token for the push role of one account (what configure-aws-credentials does, for many accounts). */
export function assumeWithToken(shell: Shell, token: string, roleArn: string, region: string, sessionName: string): Credentials {
  const out = json(
    aws(shell, ['sts', 'assume-role-with-web-identity', '--role-arn', roleArn, '--role-session-name', sessionName, '--web-identity-token', token, '--duration-seconds', '3600']),
    `assuming ${roleArn}`,
  );
  return credentialsOf(shell, out.Credentials, region);
}

/** Assume a role with the credentials of the job (the deploy role may assume the lookup role). */
export function assumeRole(shell: Shell, roleArn: string, region: string, sessionName: string): Credentials {
  const out = json(aws(shell, ['sts', 'assume-role', '--role-arn', roleArn, '--role-session-name', sessionName]), `assuming ${roleArn}`);
  return credentialsOf(shell, out.Credentials, region);
}

function credentialsOf(shell: Shell, c: any, region: string): Credentials {
  // Keep the session's secrets out of the job's log.
  shell.log(`::add-mask::${c.SecretAccessKey}`);
  shell.log(`::add-mask::${c.SessionToken}`);
  return { AWS_ACCESS_KEY_ID: c.AccessKeyId, AWS_SECRET_ACCESS_KEY: c.SecretAccessKey, AWS_SESSION_TOKEN: c.SessionToken, AWS_REGION: region };
}

export function dockerLogin(shell: Shell, credentials: Credentials, registry: string): void {
  const password = shell.run('aws', ['ecr', 'get-login-password'], { env: credentials });
  if (password.status !== 0) throw new PublishError(`registry login to ${registry} failed: ${password.stderr.trim()}`);
  shell.log(`::add-mask::${password.stdout.trim()}`);
  const login = shell.run('docker', ['login', '--username', 'AWS', '--password-stdin', registry], { input: password.stdout.trim() });
  if (login.status !== 0) throw new PublishError(`docker login to ${registry} failed: ${login.stderr.trim()}`);
}

/** The image's details for a tag, or undefined when the repository has no such tag. */
export function describeImage(shell: Shell, credentials: Credentials, repository: string, imageId: string): any | undefined {
  const r = aws(shell, ['ecr', 'describe-images', '--repository-name', repository, '--image-ids', imageId], credentials);
  if (r.status !== 0 && /ImageNotFoundException/.test(r.stderr)) return undefined;
  return json(r, `describing ${repository} ${imageId}`).imageDetails?.[0];
}

/** Give the image of `from` the tag `to` too (same manifest, same digest). False when `from` does not exist. */
export function retag(shell: Shell, credentials: Credentials, repository: string, from: string, to: string): boolean {
  const got = json(aws(shell, ['ecr', 'batch-get-image', '--repository-name', repository, '--image-ids', `imageTag=${from}`], credentials), `reading ${repository}:${from}`);
  const image = got.images?.[0];
  if (!image) return false;
  const put = aws(
    shell,
    ['ecr', 'put-image', '--repository-name', repository, '--image-tag', to, '--image-manifest', image.imageManifest, ...(image.imageManifestMediaType ? ['--image-manifest-media-type', image.imageManifestMediaType] : [])],
    credentials,
  );
  // A re-run finds the tag already there: tags are immutable, and it names this very image.
  if (put.status !== 0 && !/ImageAlreadyExistsException/.test(put.stderr)) throw new PublishError(`tagging ${repository}:${from} as ${to} failed: ${put.stderr.trim()}`);
  return true;
}

/** Scan states that will never produce findings: the gate cannot pass on them. */
const SCAN_DEAD_ENDS = new Set(['FAILED', 'UNSUPPORTED_IMAGE', 'SCAN_ELIGIBILITY_EXPIRED', 'FINDINGS_UNAVAILABLE', 'LIMIT_EXCEEDED']);

export interface GateOptions {
  /** Longest wait for the scan. */
  readonly timeoutSeconds: number;
  readonly intervalSeconds: number;
}

/** Digests to check: the image itself, or each platform image of a multi-platform index. */
function scannedImageIds(shell: Shell, credentials: Credentials, repository: string, tag: string): string[] {
  const got = json(aws(shell, ['ecr', 'batch-get-image', '--repository-name', repository, '--image-ids', `imageTag=${tag}`], credentials), `reading ${repository}:${tag}`);
  const manifest = got.images?.[0]?.imageManifest ? JSON.parse(got.images[0].imageManifest) : {};
  const children: any[] = Array.isArray(manifest.manifests) ? manifest.manifests : [];
  return children.length ? children.map((m) => `imageDigest=${m.digest}`) : [`imageTag=${tag}`];
}

/**
 * Wait for ECR's scan on push of `repository:tag` (DescribeImages carries the scan status and the
 * severity counts, so the push permissions suffice) and fail on any critical finding.
 */
export function scanGate(shell: Shell, credentials: Credentials, repository: string, tag: string, options: GateOptions): void {
  for (const imageId of scannedImageIds(shell, credentials, repository, tag)) {
    let waited = 0;
    for (;;) {
      const detail = describeImage(shell, credentials, repository, imageId);
      if (!detail) throw new PublishError(`${repository} has no image ${imageId}`);
      const status: string = detail.imageScanStatus?.status ?? 'PENDING';
      const counts: Record<string, number> | undefined = detail.imageScanFindingsSummary?.findingSeverityCounts;
      if (status === 'COMPLETE' || (status === 'ACTIVE' && detail.imageScanFindingsSummary)) {
        const critical = counts?.CRITICAL ?? 0;
        const summary = Object.entries(counts ?? {}).map(([k, v]) => `${k} ${v}`).join(', ') || 'no findings';
        if (critical > 0) throw new PublishError(`${repository}:${tag} (${imageId}) has ${critical} critical finding(s) (${summary}); fix the image and push again`);
        shell.log(`${repository}:${tag} (${imageId}) scanned: ${summary}`);
        break;
      }
      if (SCAN_DEAD_ENDS.has(status)) throw new PublishError(`${repository}:${tag} (${imageId}) cannot be scanned: ${status} ${detail.imageScanStatus?.description ?? ''}`.trim());
      if (waited >= options.timeoutSeconds) throw new PublishError(`${repository}:${tag} (${imageId}): the scan did not finish in ${options.timeoutSeconds} s (status ${status})`);
      shell.sleep(options.intervalSeconds);
      waited += options.intervalSeconds;
    }
  }
}

export interface PublishOptions {
  readonly sha: string;
  /** The job's OIDC token for the audience sts.amazonaws.com. */
  readonly token: () => string;
  readonly gate: GateOptions;
}

/**
 * Publish one image of the plan to all its registries: log in to each, retag when the previous
 * commit's image exists everywhere, else build once and push only the tags still missing (so a
 * re-run of a failed job does not trip over immutable tags), then gate every registry on its scan.
 */
export function publishImage(shell: Shell, entry: ImagePlanEntry, options: PublishOptions): void {
  const session = `images-${entry.image.replace(/[^\w+=,.@-]/g, '-')}`.slice(0, 64);
  const credentials = new Map<ImageTarget, Credentials>();
  for (const target of entry.targets) {
    const c = assumeWithToken(shell, options.token(), target.pushRoleArn, target.region, session);
    dockerLogin(shell, c, target.registry);
    credentials.set(target, c);
  }
  const missing = entry.targets.filter((t) => !describeImage(shell, credentials.get(t)!, t.repository, `imageTag=${options.sha}`));
  let toBuild = missing;
  if (entry.action === 'retag' && entry.previous) {
    toBuild = missing.filter((t) => !retag(shell, credentials.get(t)!, t.repository, entry.previous!, options.sha));
    if (toBuild.length) shell.log(`${entry.image}: no image of ${entry.previous} in ${toBuild.map((t) => t.registry).join(', ')}; building it`);
  }
  if (toBuild.length) {
    const tags = toBuild.flatMap((t) => ['--tag', `${t.registry}/${t.repository}:${options.sha}`]);
    // No provenance or SBOM attestations: ECR's basic scan reads plain image manifests.
    const build = shell.run('docker', ['buildx', 'build', '--platform', entry.platforms, '--provenance=false', '--sbom=false', '--push', ...tags, entry.context]);
    if (build.status !== 0) throw new PublishError(`building ${entry.image} failed (exit ${build.status})`);
  }
  for (const target of entry.targets) scanGate(shell, credentials.get(target)!, target.repository, options.sha, options.gate);
}
