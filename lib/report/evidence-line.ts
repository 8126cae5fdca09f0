// One exchange in one line ("act: PUT https://h/b/k -> 400 Bad Request, 12 ms"), for the
// plain-text formats (JUnit system-out, terminal); the HTML shows exchanges in full.
import type { Exchange } from '../verdict/types';

export function evidenceLine(e: Exchange): string {
  const answer = e.response
    ? `${e.response.status}${e.response.statusText ? ` ${e.response.statusText}` : ''}`
    : `no response${e.error ? ` (${e.error})` : ''}`;
  const tries = e.attempts && e.attempts > 1 ? `, ${e.attempts} attempts` : '';
  return `${e.step}: ${e.request.method} ${e.request.url} -> ${answer}, ${Math.round(e.durationMs)} ms${tries}`;
}
