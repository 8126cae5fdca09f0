// What the run wrote and what its listings show besides: attributed to the cell whose folder holds
// it, or to the run; keys quoted redacted and bounded.
import { Redactor } from '../redact/redact';
import { account, folderOf, newAccounts, registerCellKey, registerWritten } from './account';

const prefix = 'sse-conformance-runs/r1/abcd/';
const ctxWith = (secret = 'no-such-secret') => ({ prefix, accounts: newAccounts(), redactor: new Redactor([secret]) });

test('folderOf: the cell folder a key is in, or null at the root and outside the prefix', () => {
  expect(folderOf(prefix, `${prefix}f1/k`)).toBe(`${prefix}f1/`);
  expect(folderOf(prefix, `${prefix}f1/a/b`)).toBe(`${prefix}f1/`);
  expect(folderOf(prefix, `${prefix}fixture`)).toBeNull();
  expect(folderOf(prefix, 'elsewhere/f1/k')).toBeNull();
});

test('what the harness named or wrote is accounted for; anything else in a cell folder is that cell\'s, elsewhere the run\'s', () => {
  const ctx = ctxWith();
  registerCellKey(ctx, 'sse-c/put-object/http-v2', `${prefix}f1/`, `${prefix}f1/act`);
  registerCellKey(ctx, 'sse-c/put-object/http-v2', `${prefix}f1/`, `${prefix}f1/control`);
  registerWritten(ctx, `${prefix}fixture`);
  registerWritten(ctx, `${prefix}f1/upload-key`);
  const found = account(
    ctx,
    [`${prefix}f1/act`, `${prefix}f1/control`, `${prefix}fixture`, `${prefix}f1/other`, `${prefix}loose`, `${prefix}f9/x`],
    [{ key: `${prefix}f1/upload-key` }, { key: `${prefix}f1/hidden-upload` }],
  );
  expect(found.get(`${prefix}f1/`)).toEqual(['an object the harness never wrote (key "f1/other")', 'a multipart upload the harness never wrote (key "f1/hidden-upload")']);
  // A folder no cell was judged in, and the root: the run's.
  expect(found.get(null)).toEqual(['an object the harness never wrote (key "loose")', 'an object the harness never wrote (key "f9/x")']);
  expect([...ctx.accounts.strangers.get(`${prefix}f1/`)!]).toHaveLength(2);
  expect([...ctx.accounts.unattributed]).toHaveLength(2);
});

test('a key the endpoint chose is quoted redacted, then cut, JSON-escaped; what is kept per cell is bounded', () => {
  const ctx = ctxWith('s3cr3t-value');
  registerCellKey(ctx, 'c', `${prefix}f1/`, `${prefix}f1/act`);
  const long = `${prefix}f1/${'x'.repeat(70)}s3cr3t-value${'y'.repeat(500)}\u001b[2J"`;
  const found = account(ctx, [long, ...Array.from({ length: 50 }, (_, i) => `${prefix}f1/n${i}`)], []).get(`${prefix}f1/`)!;
  expect(found[0]).not.toContain('s3cr3t');
  expect(found[0]).toMatch(/cut, \d+ characters\)$/);
  expect(found[0]).not.toContain('\u001b');
  expect(found).toHaveLength(51);
  expect(ctx.accounts.strangers.get(`${prefix}f1/`)!.size).toBe(20);
});
