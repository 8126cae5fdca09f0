import fs from 'node:fs';
import path from 'node:path';

// swc strips types without checking them, so jest alone passes code that does not compile:
// `npm test` (the README's test command) must type-check and lint first, and stop at the first failure.
const ROOT = path.resolve(__dirname, '..');

test('npm test runs tsc --noEmit, then eslint, then jest, failing fast', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const steps = pkg.scripts.test.split('&&').map((s) => s.trim());
  expect(steps).toHaveLength(3);
  expect(steps[0]).toMatch(/^tsc --noEmit\b/);
  expect(steps[1]).toMatch(/^eslint \./);
  expect(steps[2]).toMatch(/^jest\b/);
});

function sources(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) sources(p, out);
    else if (/\.(ts|js|mjs)$/.test(e.name)) out.push(p);
  }
  return out;
}

test('every eslint-disable comment says why (`-- reason`)', () => {
  const bare: string[] = [];
  for (const file of ['lib', 'suites', 'scripts', 'bin'].flatMap((d) => sources(path.join(ROOT, d)))) {
    fs.readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (/(\/\/|\/\*)\s*eslint-disable(-next-line|-line)?\s/.test(line) && !/\s--\s+\S/.test(line)) bare.push(`${path.relative(ROOT, file)}:${i + 1}`);
      });
  }
  expect(bare).toEqual([]);
});
