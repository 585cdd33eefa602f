// Prints the closing line of `npm test`: "N passed, M failed".
// Failed build/lint/type-check steps count as failures so that no broken run looks green.
import { readFileSync } from "node:fs";

const [reportPath, failedChecksArg = "0"] = process.argv.slice(2);
const failedChecks = Number(failedChecksArg);
let passed = 0;
let failed = failedChecks;
try {
  const report = JSON.parse(readFileSync(reportPath, "utf8"));
  passed = report.numPassedTests;
  failed += report.numFailedTests;
  // A suite that fails to load has no failed tests but must not pass.
  failed += report.testResults.filter((r) => r.status === "failed" && r.assertionResults.length === 0).length;
} catch (error) {
  console.error(`could not read the test report ${reportPath}: ${error.message}`);
  failed += 1;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
