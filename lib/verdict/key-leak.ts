// An SSE-C key coming back from the endpoint, in whatever encoding, is an exposure: over HTTP it
// travels in clear, and any answer ends up in logs and caches.

/** The text forms an SSE-C key (32 raw bytes) can take in a header or a body. */
export function keyTextForms(raw: Buffer): { name: string; text: string }[] {
  const b64 = raw.toString('base64');
  return [
    { name: 'base64', text: b64 },
    { name: 'base64 without padding', text: b64.replace(/=+$/, '') },
    { name: 'base64url', text: raw.toString('base64url') },
    { name: 'hex', text: raw.toString('hex') },
  ];
}

function findIn(where: string, bytes: Buffer, raw: Buffer): string | null {
  if (bytes.includes(raw)) return `raw bytes in ${where}`;
  const latin1 = bytes.toString('latin1');
  const lower = latin1.toLowerCase();
  for (const f of keyTextForms(raw)) {
    // Hex is matched whatever its case; the base64 forms are case-sensitive.
    const hit = f.name === 'hex' ? lower.includes(f.text) : latin1.includes(f.text);
    if (hit) return `${f.name} in ${where}`;
  }
  return null;
}

/** Where an answer carries one of the keys (header name or "the body", and the encoding), or null. */
export function findKeyLeak(headers: Record<string, string>, body: Buffer, keys: Buffer[]): string | null {
  for (const raw of keys) {
    for (const [name, value] of Object.entries(headers)) {
      const hit = findIn(`header ${name}`, Buffer.from(`${name}: ${value}`, 'latin1'), raw);
      if (hit) return hit;
    }
    const hit = findIn('the body', body, raw);
    if (hit) return hit;
  }
  return null;
}
