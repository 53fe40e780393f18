/**
 * Validate benchmark (its own process): read and validate a folder of
 * files as `scorecard validate` does, every DfE and product rule, without
 * importing; print one JSON line with the time and the issues found (DfE's
 * errors by rule code too: the product's own returns should have none).
 */
import { readFiles } from "../src/app/import.ts";

const [folder = ""] = process.argv.slice(2);
const t = performance.now();
const r = await readFiles([folder], { laCode: "999" });
const seconds = (performance.now() - t) / 1000;
const dfeErrorsByCode: Record<string, number> = {};
for (const i of r.issues) if (i.dfe === "error") dfeErrorsByCode[i.rule] = (dfeErrorsByCode[i.rule] ?? 0) + 1;
console.log(
  JSON.stringify({
    seconds,
    issues: r.issues.length,
    dfeErrors: r.issues.filter((i) => i.dfe === "error").length,
    dfeErrorsByCode,
    dfeQueries: r.issues.filter((i) => i.dfe === "query").length,
  }),
);
