// The catalogue is complete: every flag has its metadata and its implementation, each names a row
// of docs/threat-model.md that names it back, and its expected verdicts are ones a judge can give.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { implFlags, loadBehaviour, loadMeta, metaFlags } from './catalogue';

const threatModel = fs.readFileSync(path.resolve(__dirname, '../../../docs/threat-model.md'), 'utf8');

test('every flag has a metadata file and an implementation, and no half stands alone', () => {
  expect(metaFlags().length).toBeGreaterThan(0);
  expect(implFlags()).toEqual(metaFlags());
});

test.each(metaFlags())('%s: metadata and implementation agree, and the threat model names it', (flag) => {
  const meta = loadMeta(flag);
  expect(meta.flag).toBe(flag);
  expect(loadBehaviour(flag).flag).toBe(flag);
  expect(meta.description.length).toBeGreaterThan(20);
  expect(meta.expected.length).toBeGreaterThan(0);
  for (const e of meta.expected) expect(['fail', 'error']).toContain(e.verdict);
  // The row exists, and it names this flag.
  const row = threatModel.split('\n').find((l) => l.startsWith(`| ${meta.threat} `));
  expect({ flag, row: row ?? null }).toEqual({ flag, row: expect.stringContaining(`\`${flag}\``) });
});
