import * as fs from 'node:fs';
import * as path from 'node:path';

// `npm ci` refuses a lock that misses an optional dependency, even one for another platform.
test('package-lock.json lists every optional dependency (run scripts/lock-add-foreign-platforms.js after npm install)', () => {
  const lock = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../package-lock.json'), 'utf8')) as {
    packages: Record<string, { optionalDependencies?: Record<string, string> }>;
  };
  const missing: string[] = [];
  for (const [where, meta] of Object.entries(lock.packages)) {
    for (const dep of Object.keys(meta.optionalDependencies ?? {})) {
      if (!lock.packages[`node_modules/${dep}`] && !lock.packages[`${where}/node_modules/${dep}`]) missing.push(`${dep} (of ${where || 'the root'})`);
    }
  }
  expect(missing).toEqual([]);
});
