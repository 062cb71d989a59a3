/**
 * Which application images a commit publishes, and where. An image's source is the directory
 * `images/<name>/` with its Dockerfile; every commit of main gets a complete set of `<sha>` tags:
 * an image whose directory changed since the previous commit is built, one that did not is given
 * the new tag on the previous commit's image (no rebuild, the same digest), and one that has no
 * previous image is built.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { PlatformModel } from '../config/model';
import type { FleetMember } from './fleet-rules';
import { registryHost } from './matrix';

export const IMAGES_DIR = 'images';

/** An immutable image tag: a full git commit SHA. */
export const COMMIT_SHA = /^[0-9a-f]{40}$/;

export interface ImageTarget {
  readonly environment: string;
  readonly account: string;
  readonly region: string;
  readonly registry: string;
  readonly repository: string;
  readonly pushRoleArn: string;
}

export interface ImagePlanEntry {
  readonly image: string;
  readonly action: 'build' | 'retag';
  /** Build context: `images/<name>`. */
  readonly context: string;
  /** The commit whose tag a retag copies. */
  readonly previous?: string;
  /** `linux/amd64`, `linux/arm64` or both, from the architectures of the environments that run it. */
  readonly platforms: string;
  /** Every repository that needs the image: one per environment (`<project>/<env>/<image>`), several in a registry its environments share. */
  readonly targets: readonly ImageTarget[];
}

export interface ImagesPlan {
  readonly entries: readonly ImagePlanEntry[];
  /** Images the fleet lists that have no `images/<name>/Dockerfile`: nothing here can publish them. */
  readonly missing: readonly string[];
  /** Every image of the fleet gets this commit's tag (the application can be deployed at it). */
  readonly complete: boolean;
}

export interface PlanOptions {
  /** Repository root. */
  readonly root: string;
  /** The previous commit (a push's `before`); absent or unknown: build everything. */
  readonly before?: string;
  /** Did `images/<name>` change between `before` and HEAD? undefined when it cannot be told. */
  readonly changed?: (context: string, before: string) => boolean | undefined;
}

const PLATFORM = { x86_64: 'linux/amd64', arm64: 'linux/arm64' } as const;

function architectures(model: PlatformModel): Set<'x86_64' | 'arm64'> {
  return new Set([model.nodeGroup.architecture, ...(model.karpenter?.nodePools.map((p) => p.architecture) ?? [])]);
}

/** `git diff --quiet` between the commit and HEAD for one directory; undefined if the commit is unknown. */
export function gitChanged(root: string): (context: string, before: string) => boolean | undefined {
  return (context, before) => {
    if (spawnSync('git', ['cat-file', '-e', `${before}^{commit}`], { cwd: root }).status !== 0) return undefined;
    const r = spawnSync('git', ['diff', '--quiet', before, 'HEAD', '--', context], { cwd: root });
    return r.status === 0 ? false : r.status === 1 ? true : undefined;
  };
}

export function planImages(members: readonly FleetMember[], options: PlanOptions): ImagesPlan {
  const delivered = members.map((m) => m.model).filter((m) => m.delivery);
  const images = [...new Set(delivered.flatMap((m) => m.data.registry.repositories.map((r) => r.image)))].sort();
  const changed = options.changed ?? gitChanged(options.root);
  const before = options.before && COMMIT_SHA.test(options.before) ? options.before : undefined;
  const entries: ImagePlanEntry[] = [];
  const missing: string[] = [];
  for (const image of images) {
    const context = `${IMAGES_DIR}/${image}`;
    if (!existsSync(join(options.root, context, 'Dockerfile'))) {
      missing.push(image);
      continue;
    }
    const users = delivered.filter((m) => m.data.registry.repositories.some((r) => r.image === image));
    const targets: ImageTarget[] = users.map((m) => ({
      environment: m.envName,
      account: m.account,
      region: m.region,
      registry: registryHost(m),
      repository: m.data.registry.repositories.find((r) => r.image === image)!.name,
      pushRoleArn: m.delivery!.roles.push.arn,
    }));
    const arch = new Set(users.flatMap((m) => [...architectures(m)]));
    const platforms = (['x86_64', 'arm64'] as const).filter((a) => arch.has(a)).map((a) => PLATFORM[a]).join(',');
    const unchanged = before !== undefined && changed(context, before) === false;
    entries.push({ image, action: unchanged ? 'retag' : 'build', context, previous: unchanged ? before : undefined, platforms, targets });
  }
  return { entries, missing, complete: missing.length === 0 };
}
