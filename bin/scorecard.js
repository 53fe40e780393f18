#!/usr/bin/env node
// Entry point for `npx scorecard`: runs the TypeScript CLI through tsx.
import { register } from "tsx/esm/api";

process.env.TZ = "Europe/London";
register();
await import("../src/cli/main.ts");
