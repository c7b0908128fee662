// Jest reporter: after a run that included the reliability suite, prints what
// each part tried and how many failed (quality.md R1–R6), e.g.
//   R1 r1-rls-matrix   1 877 cases   0 failed
// Cases are the suite's tests; each is one generated case (role × table ×
// operation, route × invalid class, race, fault drill, security check, audited
// mutation).
export default class ReliabilityCounts {
  constructor() {
    this.rows = [];
  }

  onTestResult(_test, result) {
    const m = /reliability[\\/](r(\d))-([\w-]+)\.spec\.ts$/.exec(result.testFilePath);
    if (!m) return;
    this.rows.push({
      item: `R${m[2]}`,
      file: `${m[1]}-${m[3]}`,
      tried: result.numPassingTests + result.numFailingTests,
      failed: result.numFailingTests + (result.testExecError ? 1 : 0),
      skipped: result.numPendingTests + result.numTodoTests,
    });
  }

  onRunComplete() {
    if (this.rows.length === 0) return;
    const n = (x) => x.toLocaleString('en-US').replace(/,/g, ' ');
    const rows = [...this.rows].sort((a, b) => a.file.localeCompare(b.file));
    const lines = rows.map((r) => `  ${r.item}  ${r.file.padEnd(18)} ${n(r.tried).padStart(6)} cases tried  ${n(r.failed).padStart(3)} failed${r.skipped ? `  (${r.skipped} skipped)` : ''}`);
    const tried = rows.reduce((s, r) => s + r.tried, 0);
    const failed = rows.reduce((s, r) => s + r.failed, 0);
    process.stdout.write(`\nReliability suite (quality.md R1–R6):\n${lines.join('\n')}\n  total ${' '.repeat(16)} ${n(tried).padStart(6)} cases tried  ${n(failed).padStart(3)} failed\n\n`);
  }
}
