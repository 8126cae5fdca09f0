// Loads both halves of the dishonest-endpoint catalogue: the metadata files in config/dishonest/
// and the implementations in ./behaviours/ (one file each, named by its flag).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BehaviourMeta, DishonestBehaviour } from './behaviour';

const ROOT = path.resolve(__dirname, '../../..');
export const META_DIR = path.join(ROOT, 'config/dishonest');
export const IMPL_DIR = path.join(__dirname, 'behaviours');

const flagsIn = (dir: string, ext: string): string[] =>
  fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(ext) && !f.endsWith(`.test${ext}`))
    .map((f) => f.slice(0, -ext.length))
    .sort();

export const metaFlags = (): string[] => flagsIn(META_DIR, '.json');
export const implFlags = (): string[] => flagsIn(IMPL_DIR, '.ts');

export function loadMeta(flag: string): BehaviourMeta {
  return JSON.parse(fs.readFileSync(path.join(META_DIR, `${flag}.json`), 'utf8')) as BehaviourMeta;
}

export function loadBehaviour(flag: string): DishonestBehaviour {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- one implementation per flag, found by its file name
  const mod = require(path.join(IMPL_DIR, `${flag}.ts`)) as { behaviour: DishonestBehaviour };
  return mod.behaviour;
}
