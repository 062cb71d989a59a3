/**
 * A content-addressed cache of template-level validation results, so that a synth whose templates
 * did not change replays what the validators said about them instead of running them again (the
 * CloudFormation validator's WebAssembly engine and cfn-guard are most of a validated synth).
 *
 * An entry is one plugin's raw result for one template, stored under the sha256 of everything the
 * result depends on (the template's bytes, the plugin, its package versions, the rules it ran:
 * see the callers). Nothing is ever looked up by name or date, so a stale entry cannot be hit: a
 * changed template, rule set or version is a different key. Acknowledgements are applied by
 * aws-cdk-lib after the plugins have run, so a replayed finding is acknowledged (or fails the
 * synth) exactly as a fresh one.
 *
 * - Where: node_modules/.cache/eks-platform-validation (node_modules is never committed), or the
 *   absolute directory EKS_PLATFORM_VALIDATION_CACHE names (the benchmark's cold and warm runs).
 * - Off: EKS_PLATFORM_VALIDATION_CACHE=off (also `0`, `false`); the pipelines run with it off.
 * - Safe: entries are written to a temporary file and renamed into place, so concurrent processes
 *   see a whole entry or none; an entry that does not parse, or whose checksum or key does not
 *   match, is a miss (and is removed).
 * - Bounded: after a write, the oldest entries (by last use) go beyond MAX_ENTRIES or MAX_BYTES.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';

/** Bump when the stored shape or what the callers put in it changes: old entries then miss. */
const FORMAT = 1;
export const CACHE_ENV = 'EKS_PLATFORM_VALIDATION_CACHE';
export const DEFAULT_CACHE_DIR = resolve(__dirname, '../../node_modules/.cache/eks-platform-validation');
const MAX_ENTRIES = 2000;
const MAX_BYTES = 64 * 1024 * 1024;

/** Whether the environment turns the cache off. */
export function cacheDisabledByEnv(env: NodeJS.ProcessEnv = process.env): boolean {
  return /^(off|0|false|no)$/i.test(env[CACHE_ENV] ?? '');
}

/** The sha256 of the parts, each length-prefixed so that no two lists of parts collide. */
export function cacheKey(parts: ReadonlyArray<string | Buffer>): string {
  const hash = createHash('sha256');
  hash.update(`eks-platform-validation/${FORMAT}\n`);
  for (const part of parts) {
    const bytes = typeof part === 'string' ? Buffer.from(part, 'utf8') : part;
    hash.update(`${bytes.length}:`);
    hash.update(bytes);
  }
  return hash.digest('hex');
}

/** The directory the environment names (an absolute path), if any. */
export function cacheDirFromEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const value = env[CACHE_ENV] ?? '';
  return isAbsolute(value) ? value : undefined;
}

export interface ValidationCacheOptions {
  /** @default EKS_PLATFORM_VALIDATION_CACHE if it is an absolute path, else DEFAULT_CACHE_DIR */
  readonly dir?: string;
  /** @default on unless EKS_PLATFORM_VALIDATION_CACHE=off */
  readonly enabled?: boolean;
  readonly maxEntries?: number;
  readonly maxBytes?: number;
}

/** Counts of one process's lookups (the tests read them; nothing else depends on them). */
export interface CacheStats {
  hits: number;
  misses: number;
  writes: number;
}

export class ValidationCache {
  readonly dir: string;
  readonly enabled: boolean;
  readonly stats: CacheStats = { hits: 0, misses: 0, writes: 0 };
  private readonly maxEntries: number;
  private readonly maxBytes: number;

  constructor(options: ValidationCacheOptions = {}) {
    this.dir = options.dir ?? cacheDirFromEnv() ?? DEFAULT_CACHE_DIR;
    this.enabled = options.enabled ?? !cacheDisabledByEnv();
    this.maxEntries = options.maxEntries ?? MAX_ENTRIES;
    this.maxBytes = options.maxBytes ?? MAX_BYTES;
  }

  private file(key: string): string {
    return join(this.dir, `${key}.json`);
  }

  /** The stored value, or undefined on a miss (absent, disabled, unreadable or corrupt). */
  get<T>(key: string): T | undefined {
    if (!this.enabled) return undefined;
    const file = this.file(key);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      this.stats.misses++;
      return undefined;
    }
    try {
      const entry = JSON.parse(text) as { format: number; key: string; sha256: string; body: string };
      if (entry.format !== FORMAT || entry.key !== key || typeof entry.body !== 'string') throw new Error('not an entry of this key');
      if (createHash('sha256').update(entry.body).digest('hex') !== entry.sha256) throw new Error('checksum');
      const value = JSON.parse(entry.body) as T;
      const now = new Date();
      try {
        utimesSync(file, now, now); // last use, for eviction
      } catch {
        // evicted by another process meanwhile: the value read is whole all the same
      }
      this.stats.hits++;
      return value;
    } catch {
      try {
        unlinkSync(file);
      } catch {
        // another process removed or replaced it
      }
      this.stats.misses++;
      return undefined;
    }
  }

  /** Store a value (JSON) under the key: whole or not at all. Failing to write only costs speed. */
  put(key: string, value: unknown): void {
    if (!this.enabled) return;
    const body = JSON.stringify(value);
    const entry = JSON.stringify({ format: FORMAT, key, sha256: createHash('sha256').update(body).digest('hex'), body });
    const tmp = join(this.dir, `.${key}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      mkdirSync(this.dir, { recursive: true });
      writeFileSync(tmp, entry);
      renameSync(tmp, this.file(key));
      this.stats.writes++;
    } catch {
      try {
        unlinkSync(tmp);
      } catch {
        // never written
      }
      return;
    }
    this.evict();
  }

  /** Remove the least recently used entries beyond the bounds (and temporary files left by a crash). */
  private evict(): void {
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch {
      return;
    }
    const entries: Array<{ file: string; size: number; used: number }> = [];
    for (const name of names) {
      const file = join(this.dir, name);
      try {
        const st = statSync(file);
        if (name.endsWith('.tmp')) {
          if (Date.now() - st.mtimeMs > 10 * 60_000) unlinkSync(file);
          continue;
        }
        if (name.endsWith('.json')) entries.push({ file, size: st.size, used: st.mtimeMs });
      } catch {
        // gone meanwhile
      }
    }
    let bytes = entries.reduce((n, e) => n + e.size, 0);
    let count = entries.length;
    if (count <= this.maxEntries && bytes <= this.maxBytes) return;
    entries.sort((a, b) => a.used - b.used);
    for (const e of entries) {
      if (count <= this.maxEntries && bytes <= this.maxBytes) break;
      try {
        unlinkSync(e.file);
      } catch {
        // another process evicted it
      }
      count--;
      bytes -= e.size;
    }
  }
}

let shared: ValidationCache | undefined;

/** The process's cache (the environment variable is read once). */
export function validationCache(): ValidationCache {
  return (shared ??= new ValidationCache());
}

/**
 * A template's result with its own path replaced by a placeholder (the synth writes to a new
 * directory each time), and back. The path is replaced as JSON escapes it, wherever it appears.
 */
const PLACEHOLDER = '\u0000template\u0000';
export function withoutPath<T>(value: T, templatePath: string): string {
  const escaped = JSON.stringify(templatePath).slice(1, -1);
  return JSON.stringify(value).split(escaped).join(JSON.stringify(PLACEHOLDER).slice(1, -1));
}
export function withPath<T>(stored: string, templatePath: string): T {
  const escaped = JSON.stringify(templatePath).slice(1, -1);
  return JSON.parse(stored.split(JSON.stringify(PLACEHOLDER).slice(1, -1)).join(escaped)) as T;
}
