import * as fs from 'node:fs';
import * as path from 'node:path';
import { Engine } from '../../lib/engine/engine';
import { interruptFlag, partsDir } from '../../lib/engine/parts';
import { readRunOptions } from '../../lib/engine/run-options';
import { expandProfile } from '../../lib/matrix/expand';
import { filterCases } from '../../lib/matrix/filter';
import type { TableId } from '../../lib/profile/types';
import { progressPrinter } from '../../lib/engine/progress';
import { failureMessage } from '../../lib/verdict/explain';
import type { CaseResult } from '../../lib/verdict/types';
import { cleanUp, writeCleanupPart } from './cleanup-outcome';

/**
 * One jest test per cell of a table, named by case id. The cells are judged together in
 * beforeAll (p-limit keeps `concurrency` in flight) and each test asserts its own verdict.
 */
export function defineTableSuite(table: TableId): void {
  const opts = readRunOptions();
  const cases = filterCases(expandProfile(opts.profileData), opts.filter).filter((c) => c.table === table);
  const results = new Map<string, CaseResult>();

  describe(table, () => {
    if (cases.length === 0) {
      test.skip('no case selected', () => undefined);
      return;
    }
    const engine = new Engine(opts.target, {
      runId: opts.runId,
      scope: table,
      timeoutMs: opts.timeoutMs,
      strict: opts.strict,
      concurrency: opts.concurrency,
      settleMs: opts.settleMs,
      seed: opts.seed,
    });

    beforeAll(async () => {
      // jest gives each test file its own copy of `process` with its own listeners: a SIGINT listener
      // here would never hear the signal. The CLI leaves a flag file instead, looked at before the first
      // cell and every 100 ms while cells run (a table that starts after the interruption skips all).
      const flag = interruptFlag(opts.reportRoot, opts.runId);
      const watch = () => {
        if (fs.existsSync(flag)) engine.abort();
      };
      watch();
      const timer = setInterval(watch, 100);
      try {
        const progress = progressPrinter(opts.progress, table, cases.length);
        for (const r of await engine.run(cases, progress)) results.set(r.id, r);
      } finally {
        clearInterval(timer);
      }
      const dir = partsDir(opts.reportRoot, opts.runId);
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, `${table}.json`), JSON.stringify([...results.values()]));
    }, 30 * 60 * 1000);

    afterAll(async () => {
      try {
        // A refused cleanup does not fail a test: its outcome goes to the report and the exit code.
        writeCleanupPart(partsDir(opts.reportRoot, opts.runId), table, await cleanUp(engine));
      } finally {
        engine.close();
      }
    }, 5 * 60 * 1000);

    test.each(cases.map((c) => [c.id]))('%s', (id) => {
      const r = results.get(id);
      if (!r) throw new Error(`${id}: no result (the run was interrupted)`);
      if (r.verdict !== 'pass' && r.verdict !== 'skipped') throw new Error(failureMessage(r));
    });
  });
}
