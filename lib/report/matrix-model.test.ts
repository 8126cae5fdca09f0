import { makeFixtureResults } from './fixture';
import { buildMatrix } from './matrix-model';

const rowOf = (tables: ReturnType<typeof buildMatrix>, table: string, row: string) => tables.find((t) => t.id === table)!.rows.find((r) => r.row === row)!;

test('titles and rule cells come from the fields each result carries', () => {
  const r = makeFixtureResults();
  for (const c of r.cases) {
    if (c.table === 'copy') c.title = 'Copy, as this profile names it';
    // A sentence that contradicts the rule: only the rule is drawn.
    if (c.table === 'sse-kms' && c.row === 'put-object') {
      c.requirement = 'SSE-KMS PUT Object over HTTP or HTTPS with V2 or V4';
      c.rule = { protocols: ['https'], auth: ['v4'] };
    }
  }
  const tables = buildMatrix(r.cases);
  expect(tables.map((t) => t.title)).toEqual(['SSE-C (customer-provided keys)', 'SSE-KMS', 'Copy, as this profile names it', 'Upload Part - Copy']);
  expect(rowOf(tables, 'sse-kms', 'put-object').rule).toEqual({ protocol: 'HTTPS', auth: 'V4' });
  expect(rowOf(tables, 'sse-kms', 'head-object').rule).toEqual({ protocol: 'HTTP or HTTPS', auth: 'V2 or V4' });
  expect(rowOf(tables, 'copy', 'sse-c-to-sse-kms').rule).toEqual({ protocol: 'HTTPS', auth: 'V4' });
});

test('a row judged on one cell only still draws its whole rule (the cell alone could not tell it)', () => {
  const one = makeFixtureResults().cases.filter((c) => c.id === 'sse-kms/head-object/https-v4');
  expect(buildMatrix(one)[0].rows[0].rule).toEqual({ protocol: 'HTTP or HTTPS', auth: 'V2 or V4' });
});

test('results written before rule and title were recorded: the vendor titles, the rule from the accepted cells', () => {
  const old = makeFixtureResults().cases.map((c) => {
    // The sentence is not read: garbling it changes nothing.
    const old = { ...c, requirement: 'over HTTP with V2' };
    delete old.rule;
    delete old.title;
    return old;
  });
  const tables = buildMatrix(old);
  expect(tables.map((t) => t.title)).toEqual(['SSE-C', 'SSE-KMS', 'PUT Object - Copy', 'Upload Part - Copy']);
  expect(rowOf(tables, 'sse-kms', 'put-object').rule).toEqual({ protocol: 'HTTPS', auth: 'V4' });
  expect(rowOf(tables, 'sse-kms', 'head-object').rule).toEqual({ protocol: 'HTTP or HTTPS', auth: 'V2 or V4' });
  // Two shards, one old and one new: the new one's rule serves the whole row.
  const mixed = [...old.filter((c) => c.id !== 'sse-kms/put-object/https-v4'), makeFixtureResults().cases.find((c) => c.id === 'sse-kms/put-object/https-v4')!];
  expect(rowOf(buildMatrix(mixed), 'sse-kms', 'put-object').rule).toEqual({ protocol: 'HTTPS', auth: 'V4' });
});
