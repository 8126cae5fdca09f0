// lib/report's public surface.
export { writeReports, REPORT_FILES } from './write';
export { renderResultsJson } from './results-json';
export { renderJunit } from './junit';
export { renderSummaryMarkdown } from './summary-md';
export { renderHtml } from './html/render';
export { renderTerminalMatrix } from './terminal';
export { mergeResults } from './merge';
export { summarize, overallVerdict, type OverallVerdict } from './summarize';
export { compareCases, sortCases, COLUMNS, type Column } from './order';
export { redactResults } from './redact-results';
export { checkResults, loadResultsFile, ResultsError } from './load-results';
export { printable, printableBlock } from './sanitize';
