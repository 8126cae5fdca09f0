// The package a vendor installs without a clone: `npm pack` (its prepack builds the CLI into dist/),
// then `npm install` of the tarball into a folder of its own, with scripts disabled, and a slice run
// from there. Packed from a copy of the project, so that dist/ never appears in the work tree.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { RunResults } from '../verdict/types';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the build script is plain CommonJS
const { copyProject } = require('../../scripts/build.js') as { copyProject: (root: string, extra: string[]) => string };

const ROOT = path.resolve(__dirname, '../..');
jest.setTimeout(240_000);

let copy: string;
let work: string;

beforeAll(() => {
  // What npm pack packs besides the CLI's own files (package.json "files").
  copy = copyProject(ROOT, ['README.md', '.env.example', 'docs/threat-model.md']);
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'sse-package-'));
});
afterAll(() => {
  for (const dir of [copy, work]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** This process's environment without what would steer the CLI or npm: an endpoint (S3_*, SSE_*) or the npm run this test may be part of. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const keep = new Set(['npm_config_cache', 'npm_config_registry', 'npm_config_userconfig', 'npm_config_cafile', 'npm_config_proxy', 'npm_config_https_proxy', 'npm_config_noproxy']);
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(S3_|SSE_)/.test(k) && (!/^npm_/i.test(k) || keep.has(k))));
  return { ...env, ...extra };
}

function npm(args: string[], cwd: string): SpawnSyncReturns<string> {
  return spawnSync('npm', args, { cwd, encoding: 'utf8', env: cleanEnv() });
}

const sha256 = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

test('npm pack carries the prebuilt CLI and nothing test-only; installed with scripts disabled, it judges a slice from the bundle, without tsx', () => {
  // The tarball, its prepack building dist/ and its postpack taking it away again.
  const pack = npm(['pack', '--json', '--pack-destination', work], copy);
  expect(pack.stderr).not.toMatch(/npm warn/i);
  expect(pack.status).toBe(0);
  const [packed] = JSON.parse(pack.stdout) as { filename: string; size: number; files: { path: string }[] }[];
  const tarball = path.join(work, packed.filename);
  expect(fs.existsSync(tarball)).toBe(true);
  expect(fs.existsSync(path.join(copy, 'dist'))).toBe(false);

  const files = packed.files.map((f) => f.path);
  expect(files).toEqual(
    expect.arrayContaining(['package.json', 'README.md', '.env.example', 'bin/sse-conformance.js', 'dist/main.js', 'dist/endpoint-worker.js', 'dist/profile-validator.js', 'dist/manifest.json', 'config/profiles/obs.json', 'docs/threat-model.md']),
  );
  // The CLI and what it reads at run time (the profiles), and the threat model the README links to; no sources, tests, fixtures or build scripts.
  expect(files.filter((f) => !/^(package\.json|README\.md|\.env\.example|docs\/threat-model\.md|bin\/sse-conformance\.js|dist\/[\w-]+\.js(on)?|config\/profiles\/[\w-]+\.json)$/.test(f))).toEqual([]);

  // Installed into a folder of its own; no install script anywhere in the tree it brings.
  const inst = path.join(work, 'inst');
  fs.mkdirSync(inst);
  const install = npm(['install', '--prefix', inst, '--ignore-scripts', '--prefer-offline', '--no-audit', '--no-fund', tarball], work);
  expect(install.stderr).not.toMatch(/npm warn/i);
  expect(install.status).toBe(0);
  const installed = path.join(inst, 'node_modules/sse-conformance');
  const pkg = JSON.parse(fs.readFileSync(path.join(installed, 'package.json'), 'utf8')) as { private?: boolean; scripts: Record<string, string>; dependencies: Record<string, string> };
  expect(pkg.private).toBeUndefined();
  expect(Object.keys(pkg.scripts).filter((s) => ['preinstall', 'install', 'postinstall', 'prepare'].includes(s))).toEqual([]);
  const tree = (JSON.parse(fs.readFileSync(path.join(inst, 'package-lock.json'), 'utf8')) as { packages: Record<string, { hasInstallScript?: boolean }> }).packages;
  expect(Object.keys(tree).filter((p) => tree[p].hasInstallScript)).toEqual([]);
  // What only building and testing need stays out.
  for (const dev of ['tsx', 'esbuild', 'esbuild-register', 'typescript', 'jest']) expect(fs.existsSync(path.join(inst, 'node_modules', dev))).toBe(false);
  expect(fs.existsSync(path.join(installed, 'lib'))).toBe(false);

  // dist/ was built from exactly the sources packed, by content.
  const manifest = JSON.parse(fs.readFileSync(path.join(installed, 'dist/manifest.json'), 'utf8')) as { packaged: boolean; inputs: Record<string, string>; files: Record<string, string> };
  expect(manifest.packaged).toBe(true);
  expect(Object.keys(manifest.inputs)).toEqual(expect.arrayContaining(['lib/cli/main.ts', 'lib/reference-endpoint/worker.ts', 'lib/profile/load.ts', 'package.json']));
  for (const [rel, hash] of Object.entries(manifest.inputs)) expect([rel, sha256(path.join(copy, rel))]).toEqual([rel, hash]);
  for (const [name, hash] of Object.entries(manifest.files)) expect([name, sha256(path.join(installed, 'dist', name))]).toEqual([name, hash]);

  // A slice, as the README has a vendor run it; the probe lists what the CLI's main thread loaded
  // (npx itself, started with the same NODE_OPTIONS, is not the CLI).
  const probe = path.join(work, 'probe.js');
  const loaded = path.join(work, 'loaded.json');
  fs.writeFileSync(
    probe,
    `if (/sse-conformance/.test(process.argv[1] ?? '') && require('node:worker_threads').isMainThread) process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(loaded)}, JSON.stringify(Object.keys(require.cache))));\n`,
  );
  const reports = path.join(work, 'reports');
  const run = spawnSync('npx', ['sse-conformance', 'run', '--only', 'sse-c/put-object/*', '--report-dir', reports], {
    cwd: inst,
    encoding: 'utf8',
    env: cleanEnv({ NODE_OPTIONS: `--require ${probe}` }),
  });
  expect(run.stderr).not.toMatch(/npm warn/i);
  expect(run.status).toBe(0);
  expect(run.stdout).toMatch(/4 cells: 4 ✓ pass, 0 ✗ fail, 0 E error/);
  const latest = path.join(reports, 'latest');
  for (const f of ['results.json', 'junit.xml', 'summary.md', 'index.html']) expect(fs.existsSync(path.join(latest, f))).toBe(true);
  const results = JSON.parse(fs.readFileSync(path.join(latest, 'results.json'), 'utf8')) as RunResults;
  expect(results.summary).toMatchObject({ total: 4, pass: 4, fail: 0, error: 0 });
  expect(results.endpoint.embedded).toBe(true);

  // The prebuilt bundle and its precompiled profile validator ran; no TypeScript, no tsx.
  const modules = (JSON.parse(fs.readFileSync(loaded, 'utf8')) as string[]).map((m) => path.relative(inst, m));
  const own = modules.filter((m) => m.startsWith('node_modules/sse-conformance/'));
  expect(own.sort()).toEqual(['node_modules/sse-conformance/bin/sse-conformance.js', 'node_modules/sse-conformance/dist/main.js', 'node_modules/sse-conformance/dist/profile-validator.js']);
  expect(modules.filter((m) => /[\\/]tsx[\\/]|\.ts$/.test(m))).toEqual([]);
});
