// Where a signed request carries its signature, so that the redactor can be told it as it is made.

/** The signatures a signed request carries: in its Authorization header (V2 or V4), or as a POST policy's form field. */
export function signaturesOf(headers: Record<string, string>, form?: Buffer): string[] {
  const out: string[] = [];
  const auth = Object.entries(headers).find(([k]) => k.toLowerCase() === 'authorization')?.[1] ?? '';
  const v2 = /^AWS [^:\s]+:(\S+)$/.exec(auth);
  if (v2) out.push(v2[1]!);
  const v4 = /Signature=([0-9a-fA-F]{64})/.exec(auth);
  if (v4) out.push(v4[1]!);
  if (form) {
    for (const m of form.toString('latin1').matchAll(/name="(?:x-amz-signature|signature)"\r\n\r\n([^\r\n]+)/gi)) out.push(m[1]!);
  }
  return out;
}
