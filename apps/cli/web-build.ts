import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/**
 * npm run build:web [-- --force] — the web console into dist/web: typed documents generated from
 * schema.gql (GraphQL Code Generator), a type check (an API change that breaks a screen fails here),
 * the Vite build, and gzip/brotli copies for the API to serve. Skipped in a moment when nothing it
 * is built from has changed since the last build (a stamp of their contents).
 */
const ROOT = join(__dirname, '../..');
const WEB = join(ROOT, 'apps/web');
const OUT = join(ROOT, 'dist/web');
const STAMP = join(OUT, '.build-stamp');

function files(dir: string, skip: (path: string) => boolean): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (skip(p)) return [];
    return e.isDirectory() ? files(p, skip) : [p];
  });
}

/** Everything the build reads: the console's sources, the schema, the shared identity-number rule, the lock file. */
function inputsHash(): string {
  const inputs = [
    ...files(WEB, (p) => p.startsWith(join(WEB, 'src/gql')) || p.startsWith(join(WEB, 'screenshots')) || p.includes('node_modules')),
    join(ROOT, 'schema.gql'),
    join(ROOT, 'package-lock.json'),
    join(ROOT, 'libs/platform/personal-data/identity-number-rule.ts'),
    __filename,
  ].sort();
  const hash = createHash('sha256');
  for (const f of inputs) hash.update(relative(ROOT, f)).update('\0').update(readFileSync(f)).update('\0');
  return hash.digest('hex');
}

/** A package's command-line script, as its package.json names it. */
function binOf(pkg: string, name: string): string {
  const manifest = require.resolve(`${pkg}/package.json`, { paths: [ROOT] });
  const bin = (JSON.parse(readFileSync(manifest, 'utf8')) as { bin: string | Record<string, string> }).bin;
  return join(dirname(manifest), typeof bin === 'string' ? bin : bin[name]);
}

function run(label: string, bin: string, args: string[]): void {
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  if (r.status !== 0) {
    process.stderr.write(`${r.stdout}${r.stderr}`);
    throw new Error(`web console build: ${label} failed`);
  }
  console.log(`  ${label}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

/** Text assets compressed once at build time; the API sends the .br or .gz copy the browser accepts. */
function precompress(): void {
  for (const f of files(OUT, () => false)) {
    if (!/\.(js|css|html|svg|json|txt)$/.test(f) || statSync(f).size < 1024) continue;
    const body = readFileSync(f);
    writeFileSync(`${f}.gz`, gzipSync(body, { level: 9 }));
    writeFileSync(`${f}.br`, brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } }));
  }
}

export function webBuildUpToDate(): boolean {
  return existsSync(STAMP) && existsSync(join(OUT, 'index.html')) && readFileSync(STAMP, 'utf8') === inputsHash();
}

export function buildWeb(options: { force?: boolean } = {}): 'built' | 'up to date' | 'skipped' {
  if (!existsSync(join(WEB, 'index.html'))) return 'skipped';
  let vite: string;
  try {
    vite = binOf('vite', 'vite');
  } catch {
    // An install without devDependencies (npm ci --omit=dev) serves a console built beforehand.
    console.log('web console: vite is not installed; not building');
    return 'skipped';
  }
  if (!options.force && webBuildUpToDate()) return 'up to date';
  const t0 = Date.now();
  console.log('Building the web console (apps/web → dist/web)…');
  run('typed documents from schema.gql', binOf('@graphql-codegen/cli', 'graphql-codegen'), ['--config', 'apps/web/codegen.yml', '--silent']);
  run('type check', binOf('typescript', 'tsc'), ['-p', 'apps/web/tsconfig.json']);
  run('vite build', vite, ['build', '--config', 'apps/web/vite.config.ts', '--logLevel', 'warn']);
  precompress();
  writeFileSync(STAMP, inputsHash());
  console.log(`Web console built in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return 'built';
}

if (require.main === module) {
  try {
    const result = buildWeb({ force: process.argv.includes('--force') });
    if (result === 'up to date') console.log('Web console is up to date (dist/web)');
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(1);
  }
}
