// The page's stylesheet, inlined so the report is one file that works from file://.
// Verdict colours: green pass, red fail, amber error, grey skipped; text contrast >= 4.5:1.
export const STYLES = `
:root {
  --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --line-strong: #9ca9b5; --bg: #f6f8fa; --card: #fff; --head: #eef1f4;
  --pass-bg: #dcf5e3; --pass-fg: #0f5323; --pass-line: #8fd4a2;
  --fail-bg: #ffe1de; --fail-fg: #9b1026; --fail-line: #f3a19a;
  --error-bg: #fff1c2; --error-fg: #6e4500; --error-line: #e8c35a;
  --skipped-bg: #eceff2; --skipped-fg: #555f6a; --skipped-line: #c4ccd4;
  --mono: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1280px; margin: 0 auto; padding: 24px 28px 48px; }
code, pre { font-family: var(--mono); font-size: 12.5px; }
.muted { color: var(--muted); font-weight: normal; }
.tag { display: inline-block; padding: 0 7px; border: 1px solid var(--line); border-radius: 10px; font-size: 12px; color: var(--muted); background: var(--bg); }

/* Header */
.top { display: flex; flex-wrap: wrap; gap: 12px 40px; align-items: flex-start; justify-content: space-between; margin-bottom: 16px; }
.top h1 { margin: 0 0 2px; font-size: 24px; letter-spacing: -0.01em; }
.top .title p { margin: 0; }
.meta { display: grid; grid-template-columns: auto auto; gap: 2px 28px; margin: 0; font-size: 13px; }
.meta div { display: contents; }
.meta dt { color: var(--muted); }
.meta dd { margin: 0; }

/* Verdict banner */
.banner { display: grid; grid-template-columns: auto 1fr auto; align-items: center; gap: 8px 24px; padding: 16px 22px; border-radius: 10px; border: 1px solid; margin-bottom: 12px; }
.banner-verdict { font-size: 22px; font-weight: 750; letter-spacing: 0.04em; }
.banner-conformant { background: var(--pass-bg); color: var(--pass-fg); border-color: var(--pass-line); }
.banner-non-conformant { background: var(--fail-bg); color: var(--fail-fg); border-color: var(--fail-line); }
.banner-could-not-judge { background: var(--error-bg); color: var(--error-fg); border-color: var(--error-line); }
.chips { display: flex; gap: 6px; flex-wrap: wrap; }
.chip { padding: 3px 10px; border-radius: 14px; border: 1px solid var(--line); background: var(--card); color: var(--fg); font-size: 13px; white-space: nowrap; }
.chip.verdict-pass { background: var(--pass-bg); color: var(--pass-fg); border-color: var(--pass-line); }
.chip.verdict-fail { background: var(--fail-bg); color: var(--fail-fg); border-color: var(--fail-line); }
.chip.verdict-error { background: var(--error-bg); color: var(--error-fg); border-color: var(--error-line); }
.chip.verdict-skipped { background: var(--skipped-bg); color: var(--skipped-fg); border-color: var(--skipped-line); }

/* Legend */
.legend { display: flex; flex-wrap: wrap; gap: 6px 22px; align-items: center; font-size: 13px; color: var(--muted); margin: 0 0 18px; }
.legend .key { display: inline-flex; align-items: center; gap: 6px; }
.legend .hint { margin-left: auto; font-style: italic; }
.swatch { display: inline-flex; width: 22px; height: 18px; align-items: center; justify-content: center; border-radius: 3px; border: 1px solid; font-weight: 700; font-size: 12px; }

/* Causes: the endpoint's distinct problems, largest first */
.causes { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 12px 18px 6px; margin-bottom: 18px; }
.causes h2 { font-size: 15px; margin: 0 0 8px; }
.causes ol { margin: 0; padding: 0; list-style: none; }
li.cause { display: grid; grid-template-columns: 64px 1fr; gap: 14px; padding: 10px 0; border-top: 1px solid #eef1f4; }
li.cause:first-child { border-top: 0; }
.cause-count { display: flex; flex-direction: column; align-items: center; justify-content: center; border: 1px solid; border-radius: 8px; padding: 4px 0; align-self: start; }
.cause-count b { font-size: 20px; line-height: 1.1; }
.cause-count span { font-size: 11px; }
.cause-body { min-width: 0; }
.cause-head { display: flex; flex-wrap: wrap; gap: 4px 10px; align-items: baseline; }
.cause-title { font-size: 14.5px; }
.cause-answer { color: var(--muted); font-size: 13px; }
.cause-answer code { color: var(--fg); background: var(--bg); border: 1px solid var(--line); border-radius: 4px; padding: 0 5px; word-break: break-all; }
.cause-sentence { margin: 3px 0 4px; color: #2c3440; }
.cause-compact { margin: 0; display: flex; flex-wrap: wrap; gap: 4px 12px; }
.cause-compact code { color: #0f3d75; word-break: break-all; }
.cause-compact a { color: #0b57d0; text-decoration: none; }
.cause-compact a code { color: inherit; }
.cause-compact a:hover { text-decoration: underline; }
details.cause-cells { margin-top: 3px; font-size: 12.5px; }
details.cause-cells summary { cursor: pointer; color: #0b57d0; width: max-content; }
details.cause-cells ul { margin: 4px 0 2px; padding: 0; list-style: none; display: flex; flex-wrap: wrap; gap: 3px 14px; }
details.cause-cells a { color: #0b57d0; text-decoration: none; }
details.cause-cells a:hover { text-decoration: underline; }
.cause-body .unlinked { color: var(--muted); }

/* Problems list */
.problems { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 12px 18px; margin-bottom: 22px; }
.problems h2 { font-size: 15px; margin: 0 0 6px; }
.problems ul { margin: 0; padding: 0; list-style: none; }
.problems li { padding: 5px 0; border-top: 1px solid #eef1f4; }
.problems li:first-child { border-top: 0; }
.problems a { color: #0b57d0; text-decoration: none; }
.problems a:hover { text-decoration: underline; }

/* Tables */
.table-block { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 14px 18px 18px; margin-bottom: 20px; }
.table-block h2 { font-size: 16px; margin: 0 0 10px; display: flex; align-items: baseline; gap: 10px; }
.tno { color: var(--muted); font-weight: 500; font-size: 13px; text-transform: uppercase; letter-spacing: 0.05em; }
.tcount { margin-left: auto; font-size: 13px; font-weight: 500; color: var(--muted); }
.t-fail { color: var(--fail-fg); font-weight: 650; }
.t-error { color: var(--error-fg); font-weight: 650; }
table.matrix { width: 100%; border-collapse: collapse; table-layout: fixed; }
.matrix col.c-rule { width: 128px; }
.matrix col.c-cell { width: 134px; }
.matrix th, .matrix td { border: 1px solid var(--line-strong); padding: 7px 10px; vertical-align: middle; }
.matrix thead th { background: var(--head); font-weight: 650; text-align: left; font-size: 13px; }
.matrix thead th.colhead { text-align: center; font-family: var(--mono); font-size: 12.5px; }
.matrix thead tr.group th { font-size: 11px; text-transform: uppercase; letter-spacing: 0.06em; color: var(--muted); font-weight: 600; padding: 4px 10px; background: #f7f9fb; }
.matrix thead tr.group th.g-observed { text-align: center; }
.matrix tbody th.label { text-align: left; font-weight: 550; background: #fbfcfd; }
.matrix td.rule { color: #2c3440; background: #fbfcfd; white-space: nowrap; }
.matrix tbody tr:hover th.label, .matrix tbody tr:hover td.rule { background: #f0f4f8; }
td.cell { text-align: center; cursor: pointer; line-height: 1.2; padding: 6px 3px; transition: filter 0.1s; }
td.cell .mark { display: block; font-weight: 650; font-size: 14px; white-space: nowrap; }
td.cell .sub { display: block; font-size: 11px; letter-spacing: -0.01em; opacity: 0.88; margin-top: 2px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
td.cell .tags { display: flex; flex-wrap: wrap; justify-content: center; gap: 2px; margin-top: 3px; }
td.cell .tag-cell { font-size: 10px; line-height: 1.3; padding: 0 4px; border-radius: 3px; border: 1px solid currentColor; white-space: nowrap; }
td.cell .base-regression, td.cell .base-fixed { font-weight: 700; background: #fff; }
td.cell .base-known { opacity: 0.8; border-style: dashed; }
td.cell .rest-plaintext { font-weight: 700; background: #fff; color: var(--fail-fg); }
td.cell.base-known { background-image: repeating-linear-gradient(135deg, transparent, transparent 7px, rgba(255, 255, 255, 0.45) 7px, rgba(255, 255, 255, 0.45) 10px); }
td.cell:hover { filter: brightness(0.95); }
td.cell:focus-visible { outline: 3px solid #0b57d0; outline-offset: -3px; }
td.cell-none { text-align: center; color: var(--muted); background: repeating-linear-gradient(45deg, #fff, #fff 6px, #f3f5f7 6px, #f3f5f7 12px); }
.verdict-pass { background: var(--pass-bg); color: var(--pass-fg); border-color: var(--pass-line); }
.verdict-fail { background: var(--fail-bg); color: var(--fail-fg); border-color: var(--fail-line); }
.verdict-error { background: var(--error-bg); color: var(--error-fg); border-color: var(--error-line); }
.verdict-skipped { background: var(--skipped-bg); color: var(--skipped-fg); border-color: var(--skipped-line); }
.matrix td.cell { border-color: var(--line-strong); }
td.cell.verdict-fail { box-shadow: inset 0 0 0 2px var(--fail-line); }
.badge { display: inline-block; padding: 1px 8px; border-radius: 4px; border: 1px solid; font-size: 12px; font-weight: 650; letter-spacing: 0.03em; text-transform: uppercase; }

/* Detail dialog */
dialog.detail { width: min(1120px, 94vw); max-height: 90vh; padding: 0; border: 1px solid var(--line); border-radius: 12px; box-shadow: 0 18px 50px rgba(15, 23, 42, 0.35); color: var(--fg); overflow: hidden; }
dialog.detail[open] { display: flex; flex-direction: column; }
dialog.detail::backdrop { background: rgba(15, 23, 42, 0.5); }
.detail-head { display: flex; align-items: center; gap: 12px; padding: 12px 18px; border-bottom: 1px solid var(--line); }
.detail-head h2 { margin: 0; font-size: 16px; flex: 1; word-break: break-all; }
.detail-head h2 code { font-size: 15px; }
.detail-head .close { border: 1px solid var(--line); background: var(--card); border-radius: 6px; width: 32px; height: 32px; font-size: 20px; line-height: 1; cursor: pointer; color: var(--fg); }
.detail-head .close:hover { background: var(--bg); }
.detail-body { padding: 14px 20px 20px; overflow: auto; }
.facts { display: grid; grid-template-columns: 130px 1fr; gap: 6px 16px; margin: 0 0 14px; }
.facts dt { color: var(--muted); font-weight: 600; }
.facts dd { margin: 0; }
.facts ul.notes { margin: 0; padding-left: 18px; }
.detail-body h3 { font-size: 14px; margin: 16px 0 8px; }
details.exchange { border: 1px solid var(--line); border-radius: 8px; margin-bottom: 10px; background: #fcfdfe; }
details.exchange summary { cursor: pointer; padding: 8px 12px; display: flex; gap: 10px; align-items: baseline; flex-wrap: wrap; }
details.exchange summary code { word-break: break-all; flex: 1; min-width: 240px; }
details.exchange[open] summary { border-bottom: 1px solid var(--line); }
.step { font-weight: 650; }
.status { font-family: var(--mono); font-weight: 650; padding: 0 6px; border-radius: 4px; }
.st-2xx { background: var(--pass-bg); color: var(--pass-fg); }
.st-4xx { background: #e7eefc; color: #1a4db3; }
.st-5xx, .st-none { background: var(--error-bg); color: var(--error-fg); }
.pair { display: grid; grid-template-columns: 1fr 1fr; gap: 14px; padding: 10px 12px 12px; }
.half { min-width: 0; }
.half h4 { margin: 0 0 6px; font-size: 12px; text-transform: uppercase; letter-spacing: 0.05em; color: var(--muted); }
pre.line { margin: 0 0 6px; white-space: pre-wrap; word-break: break-all; font-weight: 600; }
pre.body { margin: 6px 0 0; padding: 8px 10px; background: #f3f5f7; border: 1px solid var(--line); border-radius: 6px; white-space: pre-wrap; word-break: break-all; max-height: 260px; overflow: auto; }
table.headers { width: 100%; border-collapse: collapse; font-family: var(--mono); font-size: 12px; }
table.headers th, table.headers td { text-align: left; vertical-align: top; padding: 2px 6px; border-bottom: 1px solid #edf0f3; }
table.headers th { color: var(--muted); font-weight: 500; width: 45%; overflow-wrap: anywhere; }
table.headers td { word-break: break-all; }
.transport-error { color: var(--error-fg); background: var(--error-bg); padding: 6px 10px; border-radius: 6px; margin: 0; }

footer { margin-top: 26px; color: var(--muted); font-size: 12px; text-align: center; }
@media (max-width: 900px) { .pair { grid-template-columns: 1fr; } .banner { grid-template-columns: 1fr; } .legend .hint { margin-left: 0; } }
@media print { dialog { display: none !important; } body { background: #fff; } .table-block, .problems, li.cause { break-inside: avoid; } }
`;
