/**
 * Starts a worker thread running a module that sits beside its caller.
 *
 * Why one function: compiled, the caller is x.js beside the worker's .js;
 * run through tsx (tests, bench), both are .ts and the worker registers tsx
 * itself, as Node 20 does not pass the main thread's module hooks on to
 * workers. Why in db/: the lowest layer every user of a worker (the
 * synthetic council's load, the import's rules) may import.
 */
import { Worker, type WorkerOptions } from "node:worker_threads";

/** Starts `name` (a module's file name without its extension) from the folder of `callerUrl` (the caller's import.meta.url). */
export function startWorker(callerUrl: string, name: string, options: WorkerOptions): Worker {
  if (!callerUrl.endsWith(".ts")) return new Worker(new URL(`./${name}.js`, callerUrl), options);
  const tsx = import.meta.resolve("tsx/esm/api");
  const file = new URL(`./${name}.ts`, callerUrl).href;
  return new Worker(
    `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(file)}); })`,
    { ...options, eval: true },
  );
}
