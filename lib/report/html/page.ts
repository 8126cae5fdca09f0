// The head every page of ours opens with: self-contained (inline CSS), nothing fetched.
import { esc } from './escape';

/** `<!doctype html>` to `</head>`: the title is escaped here; `style` (and `extraHead`) are our own markup. */
export function pageHead(title: string, style: string, extraHead = ''): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="sse-conformance">
<title>${esc(title)}</title>
<style>${style}</style>
${extraHead}</head>`;
}
