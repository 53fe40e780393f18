/**
 * The layers of the code, as data, and a check that imports respect them.
 *
 * Why a test: the folder list is the map a newcomer reads, and it stays
 * true only if an import that goes the wrong way fails the build. Every
 * relative import in src/ (type-only ones too) is read from the source
 * text (imports of files outside src/, such as bin/, are not checked); a production module may import its own layer or one below, never
 * one above, and never the test helpers. No two files (tests included) and
 * no two folders may import each other, directly or round a loop.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, it } from "node:test";

/**
 * The layers, lowest first. A folder imports only from its own layer or
 * those before it.
 * - definitions: errors, calendar, model — plain data and functions that
 *   import nothing else of ours (the database needs the table declarations
 *   and the calendar it loads, so they sit beneath it);
 * - db: opening DuckDB, bound-parameter queries, the Appender, the schema
 *   registry and its migrations;
 * - core: the domain — indicators, the engine, the framework, benchmarks,
 *   readers and validation (ingest), local indicators, return writers,
 *   the synthetic council, the workspace folder (settings, coverage) and
 *   the regional comparison of a workspace's councils (compare/);
 * - app: the use cases, as functions returning plain data, and the web
 *   application's accounts, sessions and audit log (auth/);
 * - adapters: what people use — the command line, the report renderers
 *   and the web application (server/);
 * - test support: helpers only tests import.
 */
export const LAYERS: readonly { name: string; folders: readonly string[] }[] = [
  { name: "definitions", folders: ["errors", "calendar", "model"] },
  { name: "db", folders: ["db"] },
  {
    name: "core",
    folders: [
      "indicators",
      "engine",
      "framework",
      "benchmarks",
      "compare",
      "ingest",
      "local",
      "returns",
      "synth",
      "workspace",
    ],
  },
  { name: "app", folders: ["app", "auth"] },
  { name: "adapters", folders: ["cli", "report", "server"] },
  { name: "test support", folders: ["testing"] },
];

const SRC = resolve(import.meta.dirname);

/** Tests and the test-support folder. */
function isTestCode(file: string): boolean {
  return /\.test\.tsx?$/.test(file) || file.startsWith("testing/");
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name !== "golden") out.push(...sourceFiles(path));
    } else if (/\.tsx?$/.test(name)) out.push(path);
  }
  return out;
}

const IMPORT =
  /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+["'](\.{1,2}\/[^"']+)["']|import\(\s*["'](\.{1,2}\/[^"']+)["']\s*\)/g;

/** Every file (relative to src/) and the files it imports. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const path of sourceFiles(SRC)) {
    // block comments (JSDoc examples may show imports) are not imports
    const text = readFileSync(path, "utf8").replace(/^\s*\/\*[\s\S]*?\*\//gm, "");
    const targets: string[] = [];
    for (const m of text.matchAll(IMPORT)) {
      const spec = m[1] ?? m[2]!;
      const target = relative(SRC, resolve(dirname(path), spec));
      if (!target.startsWith("..")) targets.push(target);
    }
    graph.set(relative(SRC, path), targets);
  }
  return graph;
}

const folderOf = (file: string) => (file.includes("/") ? file.slice(0, file.indexOf("/")) : "");

function layerOf(folder: string): number {
  return LAYERS.findIndex((l) => l.folders.includes(folder));
}

/** The loops in a graph (strongly connected parts with more than one member, or a self-import). */
function loops(graph: Map<string, readonly string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const part: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        part.push(w);
      } while (w !== v);
      if (part.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(part.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return found;
}

describe("architecture", () => {
  const graph = importGraph();

  it("places every folder of src/ in a layer, and every file in a folder", () => {
    const folders = new Set([...graph.keys()].map(folderOf));
    const loose = [...graph.keys()].filter((f) => folderOf(f) === "" && !f.endsWith(".test.ts"));
    assert.deepEqual(loose, [], "modules belong in a folder");
    folders.delete("");
    const unplaced = [...folders].filter((f) => layerOf(f) < 0);
    assert.deepEqual(unplaced, [], "add the folder to LAYERS in src/architecture.test.ts");
  });

  it("imports only files that exist", () => {
    const missing = [...graph].flatMap(([f, ts]) =>
      ts.filter((t) => !graph.has(t)).map((t) => `${f} -> ${t}`),
    );
    assert.deepEqual(missing, []);
  });

  it("has no production import up a layer, nor into test helpers", () => {
    const upwards: string[] = [];
    for (const [file, targets] of graph) {
      if (isTestCode(file)) continue;
      const from = layerOf(folderOf(file));
      for (const t of targets) {
        if (isTestCode(t) || layerOf(folderOf(t)) > from) {
          upwards.push(`${file} (${LAYERS[from]?.name}) -> ${t} (${LAYERS[layerOf(folderOf(t))]?.name})`);
        }
      }
    }
    assert.deepEqual(upwards, []);
  });

  it("has no import cycle between files", () => {
    assert.deepEqual(loops(graph), []);
  });

  it("has no cycle between folders (production code)", () => {
    const folders = new Map<string, string[]>();
    for (const [file, targets] of graph) {
      if (isTestCode(file)) continue;
      const a = folderOf(file);
      const list = folders.get(a) ?? [];
      for (const t of targets) if (!isTestCode(t) && folderOf(t) !== a) list.push(folderOf(t));
      folders.set(a, [...new Set(list)]);
    }
    assert.deepEqual(loops(folders), []);
  });

  it("finds a cycle and an upward import when there is one (the checks can fail)", () => {
    const made = new Map<string, string[]>([
      ["a/x.ts", ["b/y.ts"]],
      ["b/y.ts", ["c/z.ts"]],
      ["c/z.ts", ["a/x.ts"]],
      ["d/w.ts", []],
    ]);
    assert.deepEqual(loops(made), [["a/x.ts", "b/y.ts", "c/z.ts"]]);
    assert.ok(layerOf("app") > layerOf("engine") && layerOf("engine") > layerOf("db"));
    assert.ok(layerOf("db") > layerOf("model"));
  });
});
