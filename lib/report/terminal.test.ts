import { makeFixtureResults } from './fixture';
import { renderTerminalMatrix } from './terminal';

const results = makeFixtureResults();

test('one block per table, one line per row, four cells each', () => {
  const out = renderTerminalMatrix(results);
  const lines = out.split('\n');
  expect(lines[0]).toMatch(/^SSE-C \(customer-provided keys\)\s+HTTP V2\s+HTTP V4\s+HTTPS V2\s+HTTPS V4\s*$/);
  const row = (label: string): string[] => {
    const line = lines.find((l) => l.trimStart().startsWith(`${label}  `) || l.trim().startsWith(label));
    if (!line) throw new Error(`no line for ${label}`);
    return line.slice(line.indexOf(label) + label.length).trim().split(/\s+/);
  };
  expect(row('PUT Object')).toEqual(['✗', '✓', '✓', '✓']); // first PUT Object line is the SSE-C table's
  expect(row('POST Object')).toEqual(['-', '-', '✓', '✓']);
  expect(row('SSE-C → SSE-C ')).toEqual(['✓', '✓', '✓', 'E']);
  expect(row('Non-encrypted → SSE-KMS part')).toEqual(['✗', '✓', '✓', '✓']);
  expect(lines.filter((l) => /^\s{2}\S/.test(l))).toHaveLength(32);
  expect(out).toContain('128 cells: 120 ✓ pass, 4 ✗ fail, 2 E error, 2 - skipped  =>  NON-CONFORMANT');
  expect(out).not.toContain('\x1b[');
});

test('colour is opt-in and does not shift the columns', () => {
  const plain = renderTerminalMatrix(results);
  const coloured = renderTerminalMatrix(results, { color: true });
  expect(coloured).toContain('\x1b[31m✗\x1b[0m');
  expect(coloured).toContain('\x1b[32m✓\x1b[0m');
  expect(coloured).toContain('\x1b[33mE\x1b[0m');
  expect(coloured.replace(/\x1b\[[0-9;]*m/g, '')).toBe(plain);
});

test('a cell the run has no result for shows as ·', () => {
  const partial = { ...results, cases: results.cases.filter((c) => c.id !== 'sse-kms/put-object/https-v4') };
  const line = renderTerminalMatrix(partial).split('\n').filter((l) => l.includes('PUT Object'))[1];
  expect(line.trim().split(/\s+/).slice(-4)).toEqual(['✓', '✓', '✓', '·']);
});

test('text from a results file cannot drive the terminal: only our own colours are escape sequences', () => {
  const r = makeFixtureResults();
  r.cases[0].row = 'put\x1b]0;pwned title\x07-object\x1b[2J\u202e';
  r.cases[1].table = '\x1b[31mfake table\x9b2J' as 'sse-c';
  delete r.cases[1].title; // an older results file: the table id is the heading
  for (const c of r.cases.slice(2)) if (c.table === 'sse-kms') c.title = 'SSE-KMS\x1b[2J\u202e\x1b]0;evil\x07 title';
  r.cases[2].verdict = '\x1b[5mblink' as 'pass';
  const plain = renderTerminalMatrix(r);
  expect(plain).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f\u202e]/);
  expect(plain).toContain('put\u2426-object');
  expect(plain).toContain('\u2426fake table');
  expect(plain).toContain('SSE-KMS\u2426\u2426\u2426 title');
  const coloured = renderTerminalMatrix(r, { color: true });
  expect(coloured.replace(/\x1b\[(?:0|1|31|32|33|90)m/g, '')).toBe(plain);
});
