// junit.xml stays well-formed XML 1.0 whatever a results set holds (a merged file, an endpoint's
// text): control characters, lone surrogates, U+FFFE, `]]>`, quotes and markup in every field.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { makeFixtureResults, withHostileRunFields } from './fixture';
import { renderJunit } from './junit';

/** Characters XML 1.0 forbids outright (C0 but tab, LF, CR; lone surrogates; U+FFFE, U+FFFF), plus DEL and C1. */
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const EVIL = 'a\u0000b\u0001c\u0008\u000b\u000c\u001b[31m\u007f\u0085\u009b\ud800\udfff\ufffe\uffff]]>"\'<x>&amp;<!--c--><![CDATA[d]]>\r\n\t🙂';

test('every field crafted: the output is well-formed XML with no forbidden character, and parses back', () => {
  const r = makeFixtureResults();
  for (const c of r.cases.slice(0, 12)) {
    c.id = `${c.id}${EVIL}`;
    c.reason = EVIL;
    c.notes = [EVIL];
    c.requirement = EVIL;
    c.observed = { status: 400, code: EVIL };
    c.evidence = [{ step: EVIL, request: { method: EVIL, url: EVIL, headers: {} }, error: EVIL, durationMs: 1 }];
  }
  r.cases[0].verdict = 'fail';
  r.cases[0].severity = EVIL as 'exposure';
  r.cases[1].verdict = 'error';
  r.cases[2].verdict = 'skipped';
  r.cases[3].table = EVIL as 'copy';
  r.cases[4].verdict = EVIL as 'pass';
  withHostileRunFields(r, EVIL);
  const xml = renderJunit(r);
  expect(XMLValidator.validate(xml)).toBe(true);
  expect(xml).not.toMatch(NOT_XML);
  const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml) as { testsuites: { testsuite: unknown[] } };
  expect(doc.testsuites.testsuite.length).toBeGreaterThan(4); // the crafted table is a suite of its own
  expect(xml).toContain('🙂'); // ordinary Unicode kept
});
