import { expandProfile } from '../matrix/expand';
import { loadGolden } from '../matrix/golden';
import { loadProfile } from '../profile/load';
import type { Auth, Profile, Protocol, TableId } from '../profile/types';
import { Enforcer } from './enforcement';

const obs = loadProfile('obs');

test('decisions agree with the hand-written golden file, cell for cell (not with expandProfile, which the endpoint uses)', () => {
  const e = new Enforcer(obs);
  const golden = loadGolden();
  const decided = new Map<string, string>();
  for (const [id, outcome] of golden) {
    const [table, row, cell] = id.split('/');
    const [protocol, auth] = cell.split('-') as [Protocol, Auth];
    const d = e.decide(table as TableId, row, protocol, auth);
    // A cell the endpoint has no rule for would be let through: known is part of the decision.
    decided.set(id, `${d.caseId} ${d.case ? 'known' : 'unknown'} ${d.allowed ? 'accept' : 'reject'}`);
    expect(decided.get(id)).toBe(`${id} known ${outcome}`);
  }
  expect(decided.size).toBe(128);
});

test('refusals carry the error the profile names for the broken rule', () => {
  const e = new Enforcer(obs);
  for (const c of expandProfile(obs)) {
    const d = e.decide(c.table, c.row, c.protocol, c.auth);
    if (!d.allowed) expect([e.refusal(d).status, e.refusal(d).code]).toEqual([c.expectedError!.status, c.expectedError!.code]);
  }
});

test('invert flips exactly the named cells; an inverted accept cell gets 400 InvalidArgument', () => {
  const e = new Enforcer(obs, ['sse-c/put-object/https-v2', 'sse-kms/put-object/http-v2']);
  const a = e.decide('sse-c', 'put-object', 'https', 'v2');
  expect(a.allowed).toBe(false);
  expect([e.refusal(a).status, e.refusal(a).code]).toEqual([400, 'InvalidArgument']);
  expect(e.decide('sse-kms', 'put-object', 'http', 'v2').allowed).toBe(true);
  expect(e.decide('sse-c', 'put-object', 'https', 'v4').allowed).toBe(true);
});

test('a row the profile lacks is not enforced; a profile without error codes falls back by violation', () => {
  const minimal: Profile = { name: 'mini', tables: [{ id: 'sse-c', title: 'x', rows: [{ interface: 'put-object', protocols: ['https'], auth: ['v4'] }] }] };
  const e = new Enforcer(minimal);
  expect(e.decide('sse-kms', 'put-object', 'http', 'v2').allowed).toBe(true);
  const proto = e.decide('sse-c', 'put-object', 'http', 'v4');
  expect(e.refusal(proto).code).toBe('InvalidRequest');
  const auth = e.decide('sse-c', 'put-object', 'https', 'v2');
  expect(e.refusal(auth).code).toBe('InvalidArgument');
});
