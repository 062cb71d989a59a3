/**
 * Writes the values index of a pinned chart: every value path its values.yaml defines, every
 * `.Values` path its templates read, the literal apiVersion/kind pairs of its templates, and the
 * tag and commit they were read at. Only these facts are committed
 * (src/charts/values-index/<chart>@<version>.json), never the chart itself. test/chart-values.test.ts
 * checks every value the catalog sets against them. Rerun it whenever a chart pin changes.
 *
 * Offline, from clones a maintainer fetched (bare or not; `<owner>+<name>`, `<owner>+<name>/repo`
 * or `<owner>/<name>` under --repos):
 *
 *   git clone --bare https://github.com/istio/istio ~/src/istio+istio
 *   npm run chart-index -- --repos ~/src                 # every pinned chart and sub-chart
 *   npm run chart-index -- --repos ~/src --chart istio-cni
 *
 * Or from a chart already on disk (`helm pull <repo>/<chart> --version <v> --untar`), naming where
 * it comes from; its sub-charts are read from its charts/ folder:
 *
 *   npm run chart-index -- --chart cert-manager --dir ./cert-manager \
 *     --source cert-manager/cert-manager@v1.21.1:deploy/charts/cert-manager
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import YAML from 'yaml';
import { CHART_CATALOG } from '../src/charts/catalog';
import { encodePath, valuePaths } from '../src/charts/values-paths';
import { VALUES_INDEX_DIR, type ValuesIndex } from '../src/charts/values-index';
import { CHART_PINS, type ChartPin } from '../src/config/versions';

type Files = Map<string, string>;
interface Source {
  readonly repository: string;
  readonly tag: string;
  readonly path: string;
  readonly commit?: string;
}

function fail(message: string): never {
  console.error(`chart-index: ${message}`);
  process.exit(2);
}

function git(dir: string, ...args: string[]): string {
  return execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
}

function repoDir(root: string, repository: string): string {
  const [owner, name] = repository.split('/');
  const candidates = [join(root, `${owner}+${name}`, 'repo'), join(root, `${owner}+${name}`), join(root, owner, name)];
  const found = candidates.find((c) => existsSync(c));
  if (!found) fail(`no clone of ${repository} under ${root} (tried ${candidates.join(', ')}); fetch it first`);
  return found;
}

function filesAtTag(root: string, source: Source): { files: Files; commit: string } {
  const dir = repoDir(root, source.repository);
  let commit: string;
  try {
    commit = git(dir, 'rev-parse', `${source.tag}^{commit}`).trim();
  } catch {
    fail(`${source.repository} has no tag ${source.tag}: a pin must name a released tag`);
  }
  const files: Files = new Map();
  for (const name of git(dir, 'ls-tree', '-r', '--name-only', commit, '--', source.path).split('\n').filter(Boolean)) {
    files.set(relative(source.path, name), git(dir, 'show', `${commit}:${name}`));
  }
  if (!files.has('values.yaml') && !files.has('Chart.yaml')) fail(`${source.repository}@${source.tag}:${source.path} is not a chart`);
  return { files, commit };
}

function filesOnDisk(dir: string): Files {
  const files: Files = new Map();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else files.set(relative(dir, full), readFileSync(full, 'utf8'));
    }
  };
  walk(dir);
  return files;
}

const VALUES_REF = /\$?\.Values((?:\.[A-Za-z_][A-Za-z0-9_]*(?:-[A-Za-z0-9_]+)*)+)/g;
const INDEX_REF = /index\s+\(?\s*\$?\.Values((?:\.[A-Za-z_][A-Za-z0-9_]*)*)\s*\)?((?:\s+"[^"]+")+)/g;
/** `($.Values).profile`, `($.Values.global).profile`: a field of a parenthesised values map. */
const PAREN_REF = /\(\s*\$?\.Values((?:\.[A-Za-z_][A-Za-z0-9_]*)*)\s*\)((?:\.[A-Za-z_][A-Za-z0-9_]*)+)/g;

/** What one chart (without its sub-charts) defines and reads. */
function scan(files: Files): { defined: string[]; read: string[]; apiVersions: string[]; library: boolean } {
  const values = YAML.parse(files.get('values.yaml') ?? '{}') ?? {};
  const defined = valuePaths(values, true);
  // Istio's charts keep their defaults under this key and merge it into .Values at render time.
  const hoisted = values._internal_defaults_do_not_set;
  if (hoisted) defined.push(...valuePaths(hoisted, true));
  const read: string[] = [];
  const apiVersions: string[] = [];
  for (const [name, text] of files) {
    if (!name.startsWith('templates/')) continue;
    for (const m of text.matchAll(VALUES_REF)) read.push(encodePath(m[1].slice(1).split('.')));
    for (const m of text.matchAll(PAREN_REF)) read.push(encodePath([...(m[1] ? m[1].slice(1).split('.') : []), ...m[2].slice(1).split('.')]));
    for (const m of text.matchAll(INDEX_REF)) {
      const base = m[1] ? m[1].slice(1).split('.') : [];
      const keys = [...m[2].matchAll(/"([^"]+)"/g)].map((k) => k[1]);
      read.push(encodePath([...base, ...keys]));
    }
    for (const doc of text.split(/^---/m)) {
      const api = /^apiVersion:\s*([^\s{]+)\s*$/m.exec(doc);
      const kind = /^kind:\s*([^\s{]+)\s*$/m.exec(doc);
      if (api && kind) apiVersions.push(`${api[1]} ${kind[1]}`);
    }
  }
  const library = /^type:\s*library\s*$/m.test(files.get('Chart.yaml') ?? '');
  return { defined, read, apiVersions, library };
}

const sorted = (xs: Iterable<string>) => [...new Set(xs)].sort();

function buildIndex(chart: string, version: string, source: Source, files: Files, subcharts: Array<{ name: string; version: string; source: Source; files: Files }>): ValuesIndex {
  const own = scan(files);
  const defined = [...own.defined];
  const read = [...own.read];
  const apiVersions = [...own.apiVersions];
  for (const sub of subcharts) {
    const s = scan(sub.files);
    const under = (p: string) => (p.startsWith('global.') || p === 'global' ? p : `${encodePath([sub.name])}.${p}`);
    defined.push(encodePath([sub.name]), ...s.defined.map(under));
    // A library chart's templates run in the parent's scope; an application sub-chart's under its name.
    read.push(...s.read.map((p) => (s.library ? p : under(p))));
    apiVersions.push(...s.apiVersions);
  }
  return {
    chart,
    version,
    source,
    generator: 'scripts/chart-values-index.ts',
    subcharts: subcharts.map((s) => ({ name: s.name, version: s.version, source: s.source })),
    defined: sorted(defined),
    read: sorted(read),
    apiVersions: sorted(apiVersions),
  };
}

function write(index: ValuesIndex): void {
  mkdirSync(VALUES_INDEX_DIR, { recursive: true });
  const file = join(VALUES_INDEX_DIR, `${index.chart}@${index.version}.json`);
  writeFileSync(file, `${JSON.stringify(index, null, 2)}\n`);
  console.log(`wrote ${relative(process.cwd(), file)} (${index.defined.length} defined, ${index.read.length} read, from ${index.source.repository}@${index.source.tag})`);
}

function parseSource(text: string): Source {
  const m = /^([^/@]+\/[^@]+)@([^:]+):(.+)$/.exec(text);
  if (!m) fail(`--source must look like owner/name@tag:path/to/chart, got "${text}"`);
  return { repository: m[1], tag: m[2], path: m[3] };
}

function main(argv: string[]): void {
  const args = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 2) {
    if (!argv[i].startsWith('--') || argv[i + 1] === undefined) fail(`expected --option value pairs, got "${argv.slice(i).join(' ')}"`);
    args.set(argv[i].slice(2), argv[i + 1]);
  }
  const only = args.get('chart');
  const helm = CHART_CATALOG.filter((e) => e.kind === 'helm' && (!only || e.id === only));
  if (only && helm.length === 0) fail(`no Helm entry "${only}" in the catalog`);

  const dir = args.get('dir');
  if (dir) {
    const entry = helm[0];
    if (!only || entry.kind !== 'helm') fail('--dir needs --chart <catalog id>');
    const source = parseSource(args.get('source') ?? fail('--dir needs --source owner/name@tag:path'));
    const files = filesOnDisk(resolve(dir));
    const version = YAML.parse(files.get('Chart.yaml') ?? '').version as string;
    const subcharts = [...new Set([...files.keys()].filter((f) => /^charts\/[^/]+\/Chart\.yaml$/.test(f)).map((f) => f.split('/')[1]))].map((name) => {
      const subFiles: Files = new Map([...files].filter(([f]) => f.startsWith(`charts/${name}/`)).map(([f, t]) => [f.slice(`charts/${name}/`.length), t]));
      return { name, version: YAML.parse(subFiles.get('Chart.yaml') ?? '').version as string, source: { ...source, path: `${source.path}/charts/${name}` }, files: subFiles };
    });
    write(buildIndex(entry.chart, args.get('version') ?? version, source, files, subcharts));
    return;
  }

  const root = args.get('repos') ?? fail('give --repos <dir of clones> or --dir <chart dir> (see the header of scripts/chart-values-index.ts)');
  const done = new Set<string>();
  for (const entry of helm) {
    if (entry.kind !== 'helm') continue;
    const pins = Object.values((CHART_PINS as Readonly<Record<string, Readonly<Record<string, ChartPin>>>>)[entry.id] ?? {});
    if (pins.length === 0) fail(`${entry.id} has no pin in src/config/versions/charts.ts`);
    for (const pin of pins) {
      const key = `${entry.chart}@${pin.version}`;
      if (done.has(key)) continue;
      done.add(key);
      const { files, commit } = filesAtTag(root, pin.source);
      const subcharts = (pin.subcharts ?? []).map((s) => {
        const read = filesAtTag(root, s.source);
        return { name: s.name, version: s.version, source: { repository: s.source.repository, tag: s.source.tag, path: s.source.path, commit: read.commit }, files: read.files };
      });
      write(buildIndex(entry.chart, pin.version, { repository: pin.source.repository, tag: pin.source.tag, path: pin.source.path, commit }, files, subcharts));
    }
  }
}

main(process.argv.slice(2));
