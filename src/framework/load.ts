/**
 * Finding and loading a workspace's framework: its own file, inline in
 * settings.json, or the product's default.
 *
 * Why apart from config.ts: the default framework is written in the terms
 * config.ts declares, so loading it sits above both.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import { UserError } from "../errors/userError.ts";
import { SETTINGS_FILE, type Settings } from "../workspace/settings.ts";
import { type Framework, type FrameworkInput, parseFramework } from "./config.ts";
import { DEFAULT_FRAMEWORK } from "./defaultFramework.ts";

/** Where a workspace's framework is written: its own file, inline in settings, or nowhere (the default). */
export type FrameworkSource = { kind: "file"; path: string } | { kind: "inline" } | { kind: "default" };

/** Where the workspace in `dir` keeps its framework. */
export function frameworkSource(settings: Settings, dir: string): FrameworkSource {
  const f = settings.framework;
  if (f === undefined) return { kind: "default" };
  if (typeof f === "string") return { kind: "file", path: isAbsolute(f) ? f : join(dir, f) };
  return { kind: "inline" };
}

/** The framework as written (unvalidated), from wherever the workspace keeps it. */
export function rawFramework(settings: Settings, dir: string): unknown {
  const src = frameworkSource(settings, dir);
  if (src.kind === "default") return DEFAULT_FRAMEWORK;
  if (src.kind === "inline") return settings.framework;
  let text: string;
  try {
    text = readFileSync(src.path, "utf8");
  } catch {
    throw new UserError(`${src.path}: cannot read the framework file named in ${SETTINGS_FILE}`);
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (e) {
    throw new UserError(`${src.path}: not valid JSON: ${(e as Error).message}`);
  }
}

/** The validated framework of the workspace in `dir`. */
export function loadFramework(settings: Settings, dir: string): Framework {
  const src = frameworkSource(settings, dir);
  const raw = rawFramework(settings, dir);
  if (src.kind === "file") return parseFramework(raw, src.path);
  if (src.kind === "inline") return parseFramework(raw, SETTINGS_FILE, ["framework"]);
  return parseFramework(raw, "the default framework");
}

/** Writes a framework file, formatted for people to edit. */
export function writeFramework(path: string, framework: FrameworkInput): void {
  writeFileSync(path, `${JSON.stringify(framework, null, 2)}\n`);
}
