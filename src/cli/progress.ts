// A progress bar on stderr for long CLI commands, so stdout stays clean for the final JSON line.
// Drawn in place on a terminal; on a pipe or file it writes a plain line at most every few seconds.

export interface Progress {
  /** Adds to the count done so far. */
  tick(by?: number): void;
  /** Sets the total when it becomes known. */
  setTotal(total: number): void;
  done(): void;
}

export function createProgress(label: string, total?: number, stream: NodeJS.WriteStream = process.stderr): Progress {
  let done = 0;
  let lastDraw = 0;
  const started = Date.now();
  const isTty = stream.isTTY === true;
  const draw = (final = false) => {
    const now = Date.now();
    if (!final && now - lastDraw < (isTty ? 100 : 5000)) return;
    lastDraw = now;
    const rate = done / Math.max(0.001, (now - started) / 1000);
    const width = 30;
    const bar =
      total && total > 0
        ? `[${'#'.repeat(Math.min(width, Math.round((done / total) * width))).padEnd(width, '.')}] ${done}/${total}`
        : `${done}`;
    const line = `${label} ${bar} (${Math.round(rate)}/s)`;
    if (isTty) stream.write(`\r${line}\x1b[K${final ? '\n' : ''}`);
    else stream.write(`${line}\n`);
  };
  return {
    tick(by = 1) {
      done += by;
      draw();
    },
    setTotal(t: number) {
      total = t;
    },
    done() {
      draw(true);
    },
  };
}
