import { loadProfile, parseProfile, ProfileError } from './load';

const obs = () => JSON.parse(JSON.stringify(loadProfile('obs')));

test('the obs profile loads: four tables, 32 rows', () => {
  const p = loadProfile('obs');
  expect(p.tables.map((t) => t.id)).toEqual(['sse-c', 'sse-kms', 'copy', 'upload-part-copy']);
  expect(p.tables.reduce((n, t) => n + t.rows.length, 0)).toBe(32);
});

test('an unknown interface is named with its table and row', () => {
  const p = obs();
  p.tables[1].rows[2].interface = 'initiate-multipart';
  expect(() => parseProfile(p, 'x.json')).toThrow(/x\.json.*\n.*table sse-kms row 3 \(initiate-multipart\) field "interface": must be one of/);
});

test('a typo in a field name is named', () => {
  const p = obs();
  p.tables[0].rows[0].protocol = p.tables[0].rows[0].protocols;
  delete p.tables[0].rows[0].protocols;
  const e = (() => {
    try {
      parseProfile(p, 'typo.json');
    } catch (err) {
      return err as Error;
    }
  })();
  expect(e).toBeInstanceOf(ProfileError);
  expect(e!.message).toMatch(/table sse-c row 1 \(put-object\): unknown field "protocol"/);
  expect(e!.message).toMatch(/table sse-c row 1 \(put-object\): missing field "protocols"/);
});

test('a missing row field, a bad protocol and a repeated row are refused', () => {
  const p = obs();
  delete p.tables[2].rows[0].target;
  expect(() => parseProfile(p)).toThrow(/table copy row 1.*missing field "target"/);
  const q = obs();
  q.tables[3].rows[0].protocols = ['ftp'];
  expect(() => parseProfile(q)).toThrow(/table upload-part-copy row 1 \(plain-to-sse-kms\) field "protocols.0": must be one of "http", "https"/);
  const r = obs();
  r.tables[0].rows.push({ ...r.tables[0].rows[0] });
  expect(() => parseProfile(r)).toThrow(/row 8 \(put-object\) repeats an earlier row/);
});

test('an unknown profile name lists the known ones', () => {
  expect(() => loadProfile('nope')).toThrow(/nope\.json: cannot read it \(known profile names: .*obs/);
});

test('a profile with thousands of bad rows names the first 20 problems and counts the rest', () => {
  const p = obs();
  const row = p.tables[0].rows[0];
  p.tables[0].rows = Array.from({ length: 3000 }, () => ({ ...row, interface: 'nope' }));
  let message = '';
  try {
    parseProfile(p, 'big.json');
  } catch (e) {
    message = (e as Error).message;
  }
  const lines = message.split('\n');
  expect(lines[0]).toBe('profile big.json is invalid:');
  expect(lines).toHaveLength(1 + 20 + 1);
  expect(lines[20]).toMatch(/table sse-c row 20 \(nope\) field "interface"/);
  expect(lines[21]).toBe('  ... and 2980 more (3000 problems in all)');
});

test('a folder or a device as the profile is one error, not a hang', () => {
  expect(() => loadProfile('/dev/zero')).toThrow(/profile \/dev\/zero: is not a regular file/);
  expect(() => loadProfile(__dirname + '/')).toThrow(/is a folder, not a JSON file/);
});
