// Reads the vitest JSON report and fails unless the real PostgreSQL + Redis suites and the
// fault-injection suite ran and passed, and no test was skipped. Prints the closing
// "N passed, N failed" line.
import { readFileSync } from 'node:fs';

const report = JSON.parse(readFileSync(process.argv[2] ?? 'tests/artifacts/vitest-report.json', 'utf8'));
const tests = report.testResults.flatMap((file) => file.assertionResults.map((t) => ({ ...t, file: file.name })));
const passed = tests.filter((t) => t.status === 'passed');
const failed = tests.filter((t) => t.status === 'failed');
const skipped = tests.filter((t) => !['passed', 'failed'].includes(t.status));
const real = passed.filter((t) => /postgres\+redis|several instances|outages of the real services/.test(t.fullName));
// The fault-injection suite starts its own PostgreSQL and Redis; it must have run too.
const faults = passed.filter((t) => /[/\\]tests[/\\]faults[/\\]/.test(t.file));

const problems = [];
if (real.length === 0) problems.push('no real PostgreSQL + Redis test ran');
if (faults.length === 0) problems.push('no fault-injection test ran (tests/faults)');
if (skipped.length > 0) problems.push(`${skipped.length} test(s) skipped: ${skipped.slice(0, 5).map((t) => t.fullName).join('; ')}`);
if (!report.success) problems.push('the test run did not succeed');

console.log(`real-service tests passed: ${real.length}`);
console.log(`fault-injection tests passed: ${faults.length}`);
for (const p of problems) console.error(`check failed: ${p}`);
console.log(`tests: ${passed.length} passed, ${failed.length} failed`);
process.exit(problems.length > 0 || failed.length > 0 ? 1 : 0);
