// The precompiled CLI runs only while built from exactly the sources there now. Built in a copy of
// the project (node_modules linked package by package, so the real build is untouched).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { builtinModules } from 'node:module';
import * as path from 'node:path';

/* eslint-disable @typescript-eslint/no-require-imports -- the build scripts are plain CommonJS */
const { build, buildDist, copyProject } = require('./build.js') as {
  build: (root: string) => Promise<{ inputs: Record<string, string> } | null>;
  buildDist: (root: string) => Promise<{ packaged: boolean; inputs: Record<string, string> }>;
  copyProject: () => string;
};
const { freshBundle, OUT_REL } = require('./build-state.js') as { freshBundle: (root: string) => string | null; OUT_REL: string };
/* eslint-enable @typescript-eslint/no-require-imports */

let copy: string;

beforeAll(() => {
  copy = copyProject();
});
afterAll(() => fs.rmSync(copy, { recursive: true, force: true }));

/** `sse-conformance --help` in the copy, and whether tsx (the sources), the bundle or the package's dist/ ran it. */
function help(): { out: string; ran: 'tsx' | 'bundle' | 'dist' } {
  const probe = path.join(copy, 'probe.js');
  fs.writeFileSync(
    probe,
    "process.on('exit', () => { const k = Object.keys(require.cache); process.stderr.write(k.some((m) => m.includes('/node_modules/tsx/')) ? 'RAN:tsx' : k.some((m) => m.endsWith('/dist/main.js')) ? 'RAN:dist' : 'RAN:bundle'); });\n",
  );
  const r = spawnSync(process.execPath, ['--require', probe, path.join(copy, 'bin/sse-conformance.js'), '--help'], { encoding: 'utf8', env: { ...process.env, SSE_CONFORMANCE_SOURCES: '' } });
  expect(r.status).toBe(0);
  return { out: r.stdout, ran: (/RAN:(tsx|dist|bundle)/.exec(r.stderr)?.[1] ?? 'bundle') as 'tsx' | 'bundle' | 'dist' };
}

test('bin runs the bundle while fresh, the sources once one is edited (even to the same size and mtime), the bundle again after a build', async () => {
  const main = path.join(copy, 'lib/cli/main.ts');
  // A whole-second mtime can be put back exactly after the edit.
  fs.utimesSync(main, 1_700_000_000, 1_700_000_000);
  expect(freshBundle(copy)).toBeNull();

  const manifest = await build(copy);
  expect(manifest).not.toBeNull();
  expect(Object.keys(manifest!.inputs)).toEqual(expect.arrayContaining(['lib/cli/main.ts', 'lib/profile/load.ts', 'package.json', 'tsconfig.json']));
  expect(freshBundle(copy)).toBe(path.join(copy, OUT_REL, 'main.js'));
  const before = help();
  expect(before).toEqual({ out: expect.stringContaining('Judges, cell by cell'), ran: 'bundle' });

  // The same number of bytes, the mtime put back: only the ctime (and content) tell.
  const st = fs.statSync(main, { bigint: true });
  fs.writeFileSync(main, fs.readFileSync(main, 'utf8').replace('Judges, cell by cell', 'JUDGES, CELL BY CELL'));
  fs.utimesSync(main, 1_700_000_000, 1_700_000_000);
  const after = fs.statSync(main, { bigint: true });
  expect([after.size, after.mtimeNs]).toEqual([st.size, st.mtimeNs]);
  expect(freshBundle(copy)).toBeNull();
  expect(help()).toEqual({ out: expect.stringContaining('JUDGES, CELL BY CELL'), ran: 'tsx' });

  await build(copy);
  expect(help()).toEqual({ out: expect.stringContaining('JUDGES, CELL BY CELL'), ran: 'bundle' });
}, 120_000);

test('a source removed, a manifest missing or a bundle (or its worker) rewritten: the sources run', async () => {
  await build(copy);
  expect(freshBundle(copy)).not.toBeNull();
  const bundle = path.join(copy, OUT_REL, 'main.js');
  fs.appendFileSync(bundle, '\n');
  expect(freshBundle(copy)).toBeNull();
  // The embedded endpoint's worker, built beside it, counts the same.
  await build(copy);
  fs.appendFileSync(path.join(copy, OUT_REL, 'endpoint-worker.js'), '\n');
  expect(freshBundle(copy)).toBeNull();

  await build(copy);
  const manifest = path.join(copy, OUT_REL, 'manifest.json');
  fs.renameSync(manifest, `${manifest}.away`);
  expect(freshBundle(copy)).toBeNull();
  fs.renameSync(`${manifest}.away`, manifest);
  expect(freshBundle(copy)).not.toBeNull();

  const exitCode = path.join(copy, 'lib/cli/exit-code.ts');
  fs.renameSync(exitCode, `${exitCode}.away`);
  expect(freshBundle(copy)).toBeNull();
  fs.renameSync(`${exitCode}.away`, exitCode);

  // A new file where the bundle's imports resolve: lib/reference-endpoint.ts would shadow
  // lib/reference-endpoint/index.ts for the sources, so the bundle may no longer run.
  await build(copy);
  expect(freshBundle(copy)).not.toBeNull();
  const shadow = path.join(copy, 'lib/reference-endpoint.ts');
  fs.writeFileSync(shadow, 'export {};\n');
  expect(freshBundle(copy)).toBeNull();
  fs.rmSync(shadow);
}, 60_000);

test("the package's dist/ runs only where there are no sources: never in a clone, even when left there", async () => {
  const main = path.join(copy, 'lib/cli/main.ts');
  const manifest = await buildDist(copy);
  expect(manifest.packaged).toBe(true);
  expect(Object.keys(manifest.inputs)).toEqual(expect.arrayContaining(['lib/cli/main.ts', 'lib/reference-endpoint/worker.ts', 'package.json']));
  const built = fs.readFileSync(path.join(copy, 'dist/main.js'), 'utf8');
  // Its precompiled validator is looked for beside it, as dist/ cannot carry node_modules/.cache.
  expect(built).toContain('__sseBuilt("profile-validator.js")');
  expect(built).not.toContain('node_modules/.cache/sse-conformance/profile-validator.js');
  // An installed copy has the dependencies and nothing else: every package the built files load
  // (packages stay external) is a dependency, not a devDependency, and every dependency is used.
  const pkg = JSON.parse(fs.readFileSync(path.join(copy, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  const loaded = new Set<string>();
  for (const file of ['main.js', 'endpoint-worker.js', 'profile-validator.js']) {
    for (const [, spec] of fs.readFileSync(path.join(copy, 'dist', file), 'utf8').matchAll(/\b(?:require|import)\(\s*["']([^"'.][^"']*)["']\s*\)/g)) {
      if (!spec.startsWith('node:') && !builtinModules.includes(spec.split('/')[0])) loaded.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]);
    }
  }
  expect([...loaded].sort()).toEqual(Object.keys(pkg.dependencies).sort());

  // A source edited after dist/ was built: the clone runs the edit (tsx), never dist/.
  fs.writeFileSync(main, fs.readFileSync(main, 'utf8').replace(/Judges, cell by cell|JUDGES, CELL BY CELL/, 'Judges, cell by cell (edited)'));
  expect(help()).toEqual({ out: expect.stringContaining('(edited)'), ran: 'tsx' });
  await build(copy);
  expect(help()).toEqual({ out: expect.stringContaining('(edited)'), ran: 'bundle' });

  // Without the sources (an installed package), dist/ is the program.
  fs.renameSync(path.join(copy, 'lib'), path.join(copy, 'lib.away'));
  try {
    const installed = help();
    expect(installed.ran).toBe('dist');
    expect(installed.out).toMatch(/judges, cell by cell/i);
    expect(installed.out).not.toContain('(edited)');
    // Without dist/ either, it says so (exit 2) rather than failing to find a module.
    fs.renameSync(path.join(copy, 'dist'), path.join(copy, 'dist.away'));
    const r = spawnSync(process.execPath, [path.join(copy, 'bin/sse-conformance.js'), '--help'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/neither the TypeScript sources .* nor the CLI built for the package/);
    fs.renameSync(path.join(copy, 'dist.away'), path.join(copy, 'dist'));
  } finally {
    fs.renameSync(path.join(copy, 'lib.away'), path.join(copy, 'lib'));
  }
  fs.rmSync(path.join(copy, 'dist'), { recursive: true });

  // A source written while dist/ is built (after the build took its state): no package.
  const building = buildDist(copy);
  fs.appendFileSync(main, '\n');
  await expect(building).rejects.toThrow(/written during the build, pack again: lib\/cli\/main\.ts/);
  expect(fs.existsSync(path.join(copy, 'dist/manifest.json'))).toBe(false);
  fs.rmSync(path.join(copy, 'dist'), { recursive: true, force: true });
}, 120_000);
