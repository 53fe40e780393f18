/**
 * Progress for steps that take a while, on stderr so stdout stays clean
 * for data (CSV/JSON) and paths.
 */

/** Runs a step, reporting it when it takes over a second (and always its failure). */
export async function step<T>(label: string, work: (tick: (text: string) => void) => Promise<T>): Promise<T> {
  const started = performance.now();
  const tty = process.stderr.isTTY;
  let announced = false;
  const timer = setTimeout(() => {
    announced = true;
    process.stderr.write(`${label}…${tty ? "" : "\n"}`);
  }, 1000);
  const tick = (text: string) => {
    if (announced && tty) process.stderr.write(`\r\x1b[K${label}… ${text}`);
  };
  try {
    const result = await work(tick);
    if (announced) {
      const s = ((performance.now() - started) / 1000).toFixed(1);
      process.stderr.write(`${tty ? `\r\x1b[K${label}…` : `${label}:`} done in ${s} s\n`);
    }
    return result;
  } finally {
    clearTimeout(timer);
  }
}
