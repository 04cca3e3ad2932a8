// `entry-exit import FILE.jsonl --node us|ca`: captures entries from a file, one JSON record a line,
// through the same capture code as POST /entries. Invalid lines are reported (line number and
// problems, never values) and skipped; valid lines are stored in chunks, each all-or-nothing.
import fs from 'node:fs';
import readline from 'node:readline';
import type { Command } from 'commander';
import { captureEntries, MAX_CAPTURE_RECORDS, validateCaptured } from '../../capture/capture';
import { systemClock } from '../../node/clock';
import { createLogger } from '../../observability/log';
import type { NodeContext } from '../../node/context';
import { CliError } from '../errors';
import { openNode, parseCountry } from '../node-access';
import { createProgress } from '../progress';

export function registerImportCommand(program: Command): void {
  program
    .command('import')
    .description(
      'capture entries from a JSON Lines file (one record a line) into a node; ends with one JSON summary line',
    )
    .argument('<file>', 'JSON Lines file')
    .requiredOption('--node <us|ca>', 'the node whose ports captured the entries')
    .option('--chunk <n>', 'records per transaction', '1000')
    .action(async (file: string, opts: { node: string; chunk: string }) => {
      const country = parseCountry(opts.node);
      const chunkSize = Number(opts.chunk);
      if (!Number.isInteger(chunkSize) || chunkSize < 1 || chunkSize > MAX_CAPTURE_RECORDS)
        throw new CliError(`--chunk must be 1 to ${MAX_CAPTURE_RECORDS}`);
      if (!fs.existsSync(file)) throw new CliError(`no file ${file}`);
      const total = fs.statSync(file).size;
      const node = await openNode(country);
      const ctx: NodeContext = {
        config: node.config,
        pool: node.pool,
        temporal: node.temporal,
        clock: systemClock,
        log: createLogger({ node: country, command: 'import' }, 'warn'),
      };
      const progress = createProgress(`import ${country} (bytes read)`, total);
      const summary = { node: country, lines: 0, stored: 0, already: 0, invalid: 0, conflicts: 0 };
      let chunk: Array<{ line: number; record: unknown }> = [];
      const flush = async () => {
        if (chunk.length === 0) return;
        const outcome = await captureEntries(
          ctx,
          chunk.map((c) => c.record),
        );
        if (!outcome.ok && outcome.status === 503) {
          // Stored but not all stays started: stop here; the same import again is idempotent and finishes them.
          throw new Error(
            `${outcome.error} (lines ${chunk[0].line}-${chunk[chunk.length - 1].line}); run the same import again`,
          );
        }
        if (outcome.ok) {
          summary.stored += outcome.stored;
          summary.already += outcome.already;
        } else {
          // Validation ran per line already, so what is left is same-id-other-content conflicts.
          summary.conflicts += outcome.records.length;
          for (const r of outcome.records)
            process.stderr.write(`line ${chunk[r.index].line}: ${r.problems.join('; ')}\n`);
          const bad = new Set(outcome.records.map((r) => r.index));
          const rest = chunk.filter((_, i) => !bad.has(i));
          if (rest.length) {
            const retry = await captureEntries(
              ctx,
              rest.map((c) => c.record),
            );
            if (retry.ok) {
              summary.stored += retry.stored;
              summary.already += retry.already;
            }
          }
        }
        chunk = [];
      };
      try {
        const lines = readline.createInterface({ input: fs.createReadStream(file, 'utf8'), crlfDelay: Infinity });
        for await (const text of lines) {
          summary.lines++;
          progress.tick(Buffer.byteLength(text) + 1);
          if (text.trim() === '') continue;
          let record: unknown;
          try {
            record = JSON.parse(text);
          } catch {
            summary.invalid++;
            process.stderr.write(`line ${summary.lines}: not valid JSON\n`);
            continue;
          }
          const { problems } = validateCaptured([record], country);
          if (problems.length) {
            summary.invalid++;
            process.stderr.write(`line ${summary.lines}: ${problems[0].problems.join('; ')}\n`);
            continue;
          }
          chunk.push({ line: summary.lines, record });
          if (chunk.length >= chunkSize) await flush();
        }
        await flush();
        progress.done();
      } finally {
        await node.close();
      }
      process.stdout.write(`${JSON.stringify(summary)}\n`);
      if (summary.invalid || summary.conflicts) process.exitCode = 1;
    });
}
