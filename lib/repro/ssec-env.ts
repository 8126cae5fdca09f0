// `repro`: the SSE-C keys a person needs to send the request under test again. A Signature V2 (and a
// POST policy's MD5 field) covers the key's MD5, and a read or a copy needs the key its object was
// written with: the key must be known before the cell runs. So a key given in the environment is
// used as the key the request under test carries, and the printed command reads it from there too.
import { createHash } from 'node:crypto';
import { ConfigError } from '../config/settings';
import { H, type SseCKey } from '../engine/sse';
import type { Case } from '../matrix/types';

/** The key a request under test carries in x-amz-server-side-encryption-customer-key. */
export const KEY_ENV = 'SSE_CUSTOMER_KEY';
/** The key a copy carries in x-amz-copy-source-server-side-encryption-customer-key (its source's). */
export const SOURCE_KEY_ENV = 'SSE_COPY_SOURCE_CUSTOMER_KEY';

/** How to make a key, for the line that says one is missing. */
export const howToSet = (env: string): string => `export ${env}=$(openssl rand -base64 32)`;

/** One SSE-C key the request under test of a cell carries: in which header, from which variable, and whose key it is in the run. */
export interface CarriedKey {
  header: string;
  env: string;
  /** cell: the cell's own key (what it writes with); fixtures: the run's fixture key (the object read, the copy source). */
  role: 'cell' | 'fixtures';
}

/**
 * The SSE-C keys the request under test of a case carries (lib/scenarios: each scenario's request()).
 * Checked against every scenario of the matrix in ssec-env.test.ts.
 */
export function keysCarried(c: Pick<Case, 'operation' | 'source' | 'target'>): CarriedKey[] {
  const out: CarriedKey[] = [];
  switch (c.operation) {
    case 'copy-object':
    case 'upload-part-copy':
      if (c.source === 'sse-c') out.push({ header: H.srcKey, env: SOURCE_KEY_ENV, role: 'fixtures' });
      if (c.target === 'sse-c') out.push({ header: H.cKey, env: KEY_ENV, role: 'cell' });
      break;
    case 'head-object':
    case 'get-object':
      // The object read is the run's SSE-C fixture, written with the fixture key.
      if (c.target === 'sse-c') out.push({ header: H.cKey, env: KEY_ENV, role: 'fixtures' });
      break;
    case 'complete-multipart-upload':
      // Its encryption was fixed at initiate: the request carries no SSE header.
      break;
    default:
      if (c.target === 'sse-c') out.push({ header: H.cKey, env: KEY_ENV, role: 'cell' });
  }
  return out;
}

/** An SSE-C key from a variable: base64 of exactly 32 bytes, its MD5 computed from it. */
export function sseCKeyFrom(env: string, value: string): SseCKey {
  const bytes = Buffer.from(value, 'base64');
  if (bytes.length !== 32 || bytes.toString('base64') !== value) {
    throw new ConfigError(`${env}: must be the base64 of 32 bytes, e.g. ${howToSet(env)}`);
  }
  return { keyB64: value, md5B64: createHash('md5').update(bytes).digest('base64') };
}

export interface ReproKeys {
  /** What the engine uses instead of drawing (lib/engine/engine.ts EngineOptions.ssec). */
  ssec: { fixtures?: SseCKey; cell?: SseCKey };
  /** Each key the request carries, with the key given for it (absent when its variable is unset). */
  carried: (CarriedKey & { key?: SseCKey })[];
}

/**
 * The keys of a cell's repro: each key its request under test carries is taken from its variable
 * when set (validated), else drawn by the engine as in any run. Keys the request does not carry are
 * never taken from the environment.
 */
export function reproKeys(c: Pick<Case, 'operation' | 'source' | 'target'>, env: NodeJS.ProcessEnv = process.env): ReproKeys {
  const ssec: ReproKeys['ssec'] = {};
  const carried = keysCarried(c).map((k) => {
    const v = env[k.env]?.trim();
    if (!v) return k;
    const key = sseCKeyFrom(k.env, v);
    ssec[k.role] = key;
    return { ...k, key };
  });
  // A copy whose target opened with its source's key would prove nothing: the two must differ.
  if (ssec.cell && ssec.fixtures && ssec.cell.keyB64 === ssec.fixtures.keyB64) {
    throw new ConfigError(`${KEY_ENV} and ${SOURCE_KEY_ENV}: must differ (the copy's target must not open with its source's key)`);
  }
  return { ssec, carried };
}
