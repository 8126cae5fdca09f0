// The compare page's own styles, laid over the run report's (lib/report/html/styles.ts).
// A differing cell gets a purple frame and a ≠ mark: seen without colour vision too.
export const COMPARE_STYLES = `
main { max-width: none; }
.runs-block, .diffs { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 12px 18px; margin-bottom: 18px; }
.runs-block h2, .diffs h2 { font-size: 15px; margin: 0 0 8px; }
table.runs { border-collapse: collapse; width: 100%; font-size: 13px; }
table.runs th, table.runs td { text-align: left; padding: 4px 10px; border-bottom: 1px solid #eef1f4; vertical-align: top; }
table.runs thead th { color: var(--muted); font-weight: 600; }
table.runs td.num { text-align: right; font-variant-numeric: tabular-nums; }
table.runs td code, .g-run code { word-break: break-all; }
.banner-same { background: var(--pass-bg); color: var(--pass-fg); border-color: var(--pass-line); }
.banner-differ { background: #f1e9ff; color: #4c2889; border-color: #c8b3f5; }
.diffs ul { margin: 0; padding: 0; list-style: none; }
.diffs li { padding: 5px 0; border-top: 1px solid #eef1f4; display: flex; flex-wrap: wrap; gap: 6px 10px; align-items: baseline; }
.diffs li:first-child { border-top: 0; }
.diffs li > code { min-width: 300px; }
.diffs a.badge { text-decoration: none; }
.badge.not-run { color: var(--muted); background: var(--bg); border-color: var(--line); }
.scroll { overflow-x: auto; }
table.matrix.compare { table-layout: auto; width: auto; min-width: 100%; }
table.matrix.compare th.label { min-width: 120px; }
/* Equal run columns: a width the longest word fits, and the answer wraps rather than widen its column. */
table.matrix.compare td.cell, table.matrix.compare td.cell-none { width: 118px; min-width: 118px; position: relative; }
table.matrix.compare td.cell .sub { white-space: normal; }
table.matrix.compare thead th.colhead { width: 118px; }
.matrix .run-start { border-left: 3px solid #57606a; }
.matrix thead tr.group th.g-run { text-align: center; font-size: 12px; text-transform: none; letter-spacing: 0; color: var(--fg); font-weight: 600; line-height: 1.35; }
.g-run .run-no { display: block; font-size: 11px; text-transform: uppercase; letter-spacing: 0.06em; color: var(--muted); }
.g-run .run-when { display: block; font-weight: 400; color: var(--muted); }
td.cell a { display: block; color: inherit; text-decoration: none; }
td.diff { outline: 3px solid #8250df; outline-offset: -3px; }
td.diff .diffmark { position: absolute; top: 1px; right: 4px; font-size: 12px; font-weight: 800; color: #6639ba; }
td.cell-none.diff { color: #4c2889; font-weight: 600; }
.swatch.diff-swatch { outline: 3px solid #8250df; outline-offset: -3px; border-color: transparent; color: #6639ba; }
.detail-run { margin: 0 0 10px; padding: 6px 10px; background: var(--bg); border-radius: 6px; }
.details-head { display: none; }
.t-diff { color: #6639ba; font-weight: 650; }
.causes-diff li.cause-row { display: block; }
.causes-diff .cause-head { display: flex; flex-wrap: wrap; gap: 4px 10px; align-items: baseline; }
.causes-diff .cause-answer { color: var(--muted); font-size: 13px; }
.causes-diff .cause-answer code { color: var(--fg); word-break: break-all; }
.change-tag { font-weight: 700; font-size: 12px; padding: 0 6px; border-radius: 4px; border: 1px solid var(--line); white-space: nowrap; }
.change-appeared .change-tag { color: var(--fail-fg); background: var(--fail-bg); border-color: var(--fail-line); }
.change-gone .change-tag { color: var(--pass-fg); background: var(--pass-bg); border-color: var(--pass-line); }
.change-varies .change-tag { color: #4c2889; background: #f1e9ff; border-color: #c8b3f5; }
.change-same .change-tag { color: var(--muted); }
ul.cause-runs { margin: 4px 0 0 0; padding: 0; list-style: none; }
.diffs ul.cause-runs li { display: block; border-top: 0; padding: 1px 0; }
.run-count { display: inline-block; min-width: 118px; padding: 0 6px; border: 1px solid; border-radius: 4px; font-size: 12px; font-weight: 650; white-space: nowrap; }
.run-count.not-run { color: var(--muted); background: var(--bg); border-color: var(--line); font-weight: 400; }
ul.cause-runs code { word-break: break-all; font-size: 12px; }
`;

/** Without JavaScript no dialog opens: every detail is shown in place, and each cell's link jumps to it. */
export const NOSCRIPT_STYLES = `
dialog.detail { display: block; position: static; width: auto; max-height: none; margin: 0 0 16px; box-shadow: none; }
dialog.detail .close { display: none; }
.details-head { display: block; font-size: 16px; }
`;
