// Writes compare/index.html and compare/summary.md into one folder (created if missing).
import { mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { renderCompareHtml } from './html';
import { renderCompareMarkdown } from './markdown';
import type { Comparison } from './model';

export async function writeComparison(cmp: Comparison, dir: string): Promise<{ html: string; markdown: string }> {
  await mkdir(dir, { recursive: true });
  const html = path.join(dir, 'index.html');
  const markdown = path.join(dir, 'summary.md');
  await writeFile(html, renderCompareHtml(cmp), 'utf8');
  await writeFile(markdown, renderCompareMarkdown(cmp), 'utf8');
  return { html, markdown };
}
