/**
 * Validate benchmark (its own process): read and validate a folder of
 * files as `scorecard validate` does, every DfE and product rule, without
 * importing; print one JSON line with the time and the issues found.
 */
import { readFiles } from "../src/app/import.ts";

const [folder = ""] = process.argv.slice(2);
const t = performance.now();
const r = await readFiles([folder], { laCode: "999" });
const seconds = (performance.now() - t) / 1000;
console.log(
  JSON.stringify({
    seconds,
    issues: r.issues.length,
    dfeErrors: r.issues.filter((i) => i.dfe === "error").length,
    dfeQueries: r.issues.filter((i) => i.dfe === "query").length,
  }),
);
