/**
 * Writing a cloud assembly to a directory the user names (`--output DIR`) without ever deleting
 * something this project did not write. The rule, for every entry point that writes one:
 * - the directory is checked before anything is written: it may be absent, an empty directory,
 *   or a cloud assembly (its `manifest.json` says so); anything else is refused, and so are the
 *   working directory, the repository and every directory above them;
 * - synthesis goes into a fresh directory beside the target, and that directory replaces the
 *   target only once synthesis succeeded; a failed run removes only its own fresh directory and
 *   leaves the previous assembly as it was.
 */
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';

const REPOSITORY = resolve(__dirname, '../..');

/** `inner` is `outer` or lies below it. */
function within(inner: string, outer: string): boolean {
  const rel = relative(outer, inner);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/** A directory holding a cloud assembly: its manifest.json has the assembly schema's version and artifacts. */
export function isCloudAssembly(dir: string): boolean {
  const manifest = join(dir, 'manifest.json');
  if (!existsSync(manifest)) return false;
  try {
    const parsed = JSON.parse(readFileSync(manifest, 'utf8'));
    return typeof parsed?.version === 'string' && (parsed.artifacts === undefined || (typeof parsed.artifacts === 'object' && parsed.artifacts !== null));
  } catch {
    return false;
  }
}

/**
 * Why `target` may not receive a cloud assembly, or undefined when it may: it is absent, an empty
 * directory, or a cloud assembly that is not the working directory, the repository or above them.
 */
export function outputDirProblem(target: string, cwd = process.cwd()): string | undefined {
  const dir = resolve(cwd, target);
  const protectedDirs = [resolve(cwd), REPOSITORY];
  for (const p of protectedDirs) {
    if (within(p, dir)) {
      const what = p === REPOSITORY && p !== resolve(cwd) ? 'the eks-platform repository' : 'the working directory';
      return `--output ${target} is ${dir === p ? '' : 'a parent of '}${what} (${p}); choose a directory of its own, such as cdk.out`;
    }
  }
  if (!existsSync(dir)) {
    // A dangling symbolic link exists as a link, not as a directory.
    try {
      lstatSync(dir);
    } catch {
      return undefined;
    }
    return `--output ${target} is a symbolic link that points nowhere; remove it or choose another directory`;
  }
  const stat = lstatSync(dir);
  if (stat.isSymbolicLink()) return `--output ${target} is a symbolic link; name the directory itself`;
  if (!stat.isDirectory()) return `--output ${target} is a file, not a directory; nothing was written (choose a directory such as cdk.out)`;
  if (readdirSync(dir).length === 0 || isCloudAssembly(dir)) return undefined;
  return `--output ${target} holds files that are not a cloud assembly (no manifest.json of one); they would be replaced, so nothing was written. Choose a new or empty directory, or cdk.out`;
}

/**
 * Run `produce` on a fresh directory beside `target`, then put that directory in place of
 * `target`. Call `outputDirProblem` first. When `produce` throws, its fresh directory is removed
 * and `target` is untouched.
 */
export function replaceWithFreshDirectory<T>(target: string, produce: (fresh: string) => T, cwd = process.cwd()): T {
  const dir = resolve(cwd, target);
  mkdirSync(dirname(dir), { recursive: true });
  // Named <target>.tmp-XXXXXX: beside the target (so the final rename stays on one file system),
  // and covered by .gitignore's cdk.out.*/ for the default target.
  const fresh = mkdtempSync(`${dir}.tmp-`);
  let result: T;
  try {
    result = produce(fresh);
  } catch (e) {
    rmSync(fresh, { recursive: true, force: true });
    throw e;
  }
  if (!existsSync(dir)) {
    renameSync(fresh, dir);
    return result;
  }
  // Swap: the old assembly (or empty directory) steps aside, the new one takes its name, the old
  // one goes. A failure between the two renames puts the old one back.
  const old = `${dir}.old-${basename(fresh).slice(-6)}`;
  renameSync(dir, old);
  try {
    renameSync(fresh, dir);
  } catch (e) {
    renameSync(old, dir);
    rmSync(fresh, { recursive: true, force: true });
    throw e;
  }
  rmSync(old, { recursive: true, force: true });
  return result;
}
