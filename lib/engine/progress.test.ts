import { makeFixtureResults } from '../report/fixture';
import { progressPrinter } from './progress';

test('per-cell lines print the reason as one printable line, whatever the endpoint put in it', () => {
  const written: string[] = [];
  const spy = jest.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => {
    written.push(String(s));
    return true;
  });
  try {
    const [c] = makeFixtureResults().cases;
    const print = progressPrinter('lines', 'x', 1);
    print({ ...c, verdict: 'fail', reason: 'refused: \x1b]0;owned\x07\x1b[2J\x1b[31mred\rPASS  sse-c/fake\nnext\u202eline' });
  } finally {
    spy.mockRestore();
  }
  expect(written).toHaveLength(1);
  // Each sequence and control character shows as U+2426: removed, never joining what was around it.
  expect(written[0]).toBe('FAIL    sse-c/put-object/http-v2 — refused: \u2426\u2426\u2426red PASS  sse-c/fake next\u2426line\n');
});
