import Ajv from 'ajv';
import * as fs from 'node:fs';
import * as path from 'node:path';
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the build script is plain CommonJS
const { profileValidatorSource } = require('../../scripts/build.js') as { profileValidatorSource: (schema: unknown, options?: object) => string };
import { loadProfile, precompiledValidator } from './load';
import schema from './profile.schema.json';

// The generated module requires ajv's runtime helpers: it must sit where node_modules resolves.
const dir = fs.mkdtempSync(path.join(__dirname, '../../node_modules/.cache/sse-conformance-test-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function written(name: string, source: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, source);
  return file;
}

const obs = () => JSON.parse(JSON.stringify(loadProfile('obs')));

test('the precompiled validator is used only when built from this schema, these options and this ajv', () => {
  expect(precompiledValidator(written('same.js', profileValidatorSource(schema)))).toBeInstanceOf(Function);
  // The schema edited since the build (a new interface allowed): the old code must not judge profiles.
  const edited = JSON.parse(JSON.stringify(schema)) as { properties: { name: { pattern: string } } };
  edited.properties.name.pattern = '^.*$';
  expect(precompiledValidator(written('edited-schema.js', profileValidatorSource(edited)))).toBeUndefined();
  expect(precompiledValidator(written('other-options.js', profileValidatorSource(schema, { allErrors: false })))).toBeUndefined();
  expect(precompiledValidator(path.join(dir, 'absent.js'))).toBeUndefined();
  expect(precompiledValidator(written('broken.js', 'module.exports = ('))).toBeUndefined();
});

test('the precompiled validator finds exactly what ajv compiling the schema finds', () => {
  const pre = precompiledValidator(written('check.js', profileValidatorSource(schema)))!;
  const compiled = new Ajv({ allErrors: true }).compile(schema);
  const typo = obs();
  typo.tables[0].rows[0].protocol = typo.tables[0].rows[0].protocols;
  delete typo.tables[0].rows[0].protocols;
  const badEnum = obs();
  badEnum.tables[3].rows[0].protocols = ['ftp'];
  const badName = obs();
  badName.name = 'a b';
  for (const data of [obs(), typo, badEnum, badName, {}, [], null]) {
    expect(pre(data)).toBe(compiled(data));
    expect(pre.errors ?? null).toEqual(compiled.errors ?? null);
  }
});
