import { hmacSha1Base64 } from '../../signing/v2';
import { safeEqual } from '../crypto';
import { S3Error, err } from '../errors';
import type { AuthResult } from '../request';
import { parseAmzDate, secretFor, type Credentials } from './common';
import type { PostForm } from './post-form';
import { parseCredential, v4PolicySignature } from './v4';

/** Fields that need no policy condition (AWS's list). */
const EXEMPT = new Set(['policy', 'signature', 'x-amz-signature', 'awsaccesskeyid', 'file']);

export function detectPostAuth(form: PostForm): 'v2' | 'v4' | 'none' {
  const f = form.fields;
  if (f.has('x-amz-algorithm') || f.has('x-amz-signature') || f.has('x-amz-credential')) return 'v4';
  if (f.has('awsaccesskeyid') || f.has('signature')) return 'v2';
  return 'none';
}

type Condition = { op: 'eq' | 'starts-with'; field: string; value: string; raw: string } | { op: 'range'; min: number; max: number; raw: string };

interface Policy {
  expiration: Date;
  conditions: Condition[];
}

function invalidPolicy(m: string): S3Error {
  return new S3Error(400, 'InvalidPolicyDocument', `Invalid Policy: ${m}`);
}

export function parsePolicy(policyBase64: string): Policy {
  let doc: unknown;
  try {
    const json = Buffer.from(policyBase64, 'base64').toString('utf8');
    doc = JSON.parse(json);
  } catch {
    throw invalidPolicy('Invalid JSON.');
  }
  if (!doc || typeof doc !== 'object') throw invalidPolicy('Invalid JSON.');
  const { expiration, conditions } = doc as { expiration?: unknown; conditions?: unknown };
  if (typeof expiration !== 'string') throw invalidPolicy('Policy missing expiration.');
  const when = Date.parse(expiration);
  if (Number.isNaN(when)) throw invalidPolicy(`Invalid expiration "${expiration}".`);
  if (!Array.isArray(conditions)) throw invalidPolicy('Policy missing conditions.');
  const out: Condition[] = [];
  for (const c of conditions as unknown[]) {
    const raw = describeCondition(c);
    if (Array.isArray(c)) {
      const op = String(c[0]).toLowerCase();
      if (op === 'content-length-range') {
        const min = Number(c[1]);
        const max = Number(c[2]);
        if (c.length !== 3 || !Number.isInteger(min) || !Number.isInteger(max) || min < 0 || max < min) throw invalidPolicy(`Invalid content-length-range condition ${raw}.`);
        out.push({ op: 'range', min, max, raw });
      } else if (op === 'eq' || op === 'starts-with') {
        if (c.length !== 3 || typeof c[1] !== 'string' || !c[1].startsWith('$') || typeof c[2] !== 'string') throw invalidPolicy(`Invalid condition ${raw}.`);
        out.push({ op, field: c[1].slice(1).toLowerCase(), value: c[2], raw });
      } else {
        throw invalidPolicy(`Unknown condition operator in ${raw}.`);
      }
    } else if (c && typeof c === 'object') {
      const entries = Object.entries(c as Record<string, unknown>);
      if (entries.length === 0) throw invalidPolicy(`Empty condition ${raw}.`);
      for (const [field, value] of entries) {
        if (typeof value !== 'string' && typeof value !== 'number') throw invalidPolicy(`Invalid condition ${raw}.`);
        out.push({ op: 'eq', field: field.toLowerCase(), value: String(value), raw });
      }
    } else {
      throw invalidPolicy(`Invalid condition ${raw}.`);
    }
  }
  return { expiration: new Date(when), conditions: out };
}

/** A condition as quoted in error messages, with any SSE-C key value blanked. */
function describeCondition(c: unknown): string {
  const secret = (name: unknown) => typeof name === 'string' && /^\$?x-amz-server-side-encryption-customer-key$/i.test(name);
  if (Array.isArray(c)) return JSON.stringify(secret(c[1]) ? [c[0], c[1], '<redacted>'] : c);
  if (c && typeof c === 'object') return JSON.stringify(Object.fromEntries(Object.entries(c).map(([k, v]) => [k, secret(k) ? '<redacted>' : v])));
  return JSON.stringify(c);
}

function required(form: PostForm, name: string): string {
  const v = form.fields.get(name);
  if (v === undefined || v === '') throw err.invalidArgument(`Bucket POST must contain a field named '${name}'.`);
  return v;
}

/** Verifies the policy signature (V2 or V4), then its expiration and every condition. */
export function verifyPostPolicy(form: PostForm, bucket: string, creds: Credentials, region: string, now: Date): AuthResult {
  const version = detectPostAuth(form);
  if (version === 'none') throw err.accessDenied('Anonymous POST is not allowed: the form must carry a signed policy');
  const policyB64 = required(form, 'policy');
  let accessKeyId: string;
  if (version === 'v2') {
    accessKeyId = required(form, 'awsaccesskeyid');
    const signature = required(form, 'signature');
    const secret = secretFor(creds, accessKeyId);
    if (!safeEqual(Buffer.from(hmacSha1Base64(secret, policyB64), 'base64'), Buffer.from(signature, 'base64'))) {
      throw new S3Error(403, 'SignatureDoesNotMatch', undefined, { AWSAccessKeyId: accessKeyId });
    }
  } else {
    const algorithm = required(form, 'x-amz-algorithm');
    if (algorithm !== 'AWS4-HMAC-SHA256') throw err.invalidArgument('x-amz-algorithm only supports "AWS4-HMAC-SHA256"');
    const bad = (m: string) => err.invalidArgument(m);
    const scope = parseCredential(required(form, 'x-amz-credential'), bad);
    const datetime = required(form, 'x-amz-date');
    if (!/^\d{8}T\d{6}Z$/.test(datetime) || !parseAmzDate(datetime)) throw bad('x-amz-date must be yyyyMMddTHHmmssZ');
    if (scope.date !== datetime.slice(0, 8)) throw bad('The credential date does not match x-amz-date');
    if (scope.region !== region || scope.service !== 's3') throw bad(`The credential scope must name region '${region}' and service 's3'`);
    const signature = required(form, 'x-amz-signature');
    const secret = secretFor(creds, scope.accessKeyId);
    accessKeyId = scope.accessKeyId;
    if (!safeEqual(v4PolicySignature(policyB64, secret, scope, datetime), signature.toLowerCase())) {
      throw new S3Error(403, 'SignatureDoesNotMatch', undefined, { AWSAccessKeyId: accessKeyId });
    }
  }
  checkConditions(parsePolicy(policyB64), form, bucket, now);
  return { version, accessKeyId, via: 'form' };
}

export function checkConditions(policy: Policy, form: PostForm, bucket: string, now: Date): void {
  if (policy.expiration.getTime() < now.getTime()) throw err.accessDenied('Invalid according to Policy: Policy expired.');
  const covered = new Set<string>();
  // The bucket is the one addressed by the URL; a missing field reads as empty.
  const value = (field: string) => (field === 'bucket' ? bucket : form.fields.get(field) ?? '');
  for (const c of policy.conditions) {
    if (c.op === 'range') {
      const size = form.file?.data.length ?? 0;
      if (size > c.max) throw new S3Error(400, 'EntityTooLarge', undefined, { ProposedSize: String(size), MaxSizeAllowed: String(c.max) });
      if (size < c.min) throw new S3Error(400, 'EntityTooSmall', undefined, { ProposedSize: String(size), MinSizeAllowed: String(c.min) });
      continue;
    }
    covered.add(c.field);
    const v = value(c.field);
    const ok = c.op === 'eq' ? v === c.value : v.startsWith(c.value);
    if (!ok) throw err.accessDenied(`Invalid according to Policy: Policy Condition failed: ${c.raw}`);
  }
  // A form field whose value the policy does not constrain could smuggle anything in.
  const extra = [...form.fields.keys()].filter((f) => !EXEMPT.has(f) && !f.startsWith('x-ignore-') && !covered.has(f));
  if (extra.length) throw err.accessDenied(`Invalid according to Policy: Extra input fields: ${extra.join(', ')}`);
}
