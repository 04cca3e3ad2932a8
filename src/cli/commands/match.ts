// `npx entry-exit match --own OWN.jsonl --partner PARTNER.jsonl [--out FILE] [--review FILE]`:
// matches partner records (exits) to own records (entries) from files, offline. One JSON line per
// matched pair on stdout (or --out): {"own_id","partner_id","score","evidence"}; nothing for records
// left unmatched. This output contract is fixed: external evaluations call it.
// Input is lenient: a line that is not a JSON object with an id is reported on stderr by line number
// (never by content: it is personal data) and skipped; any other field may be missing or malformed.
import fs from 'node:fs';
import readline from 'node:readline';
import type { Command } from 'commander';
import { matchPrepared, prepareWithoutKeys, type MatchInput, type PreparedRecord } from '../../matching';
import { CliError } from '../errors';

interface MatchCommandOptions {
  own: string;
  partner: string;
  out?: string;
  review?: string;
}

/** Reads a JSON-lines file into prepared records, reporting and skipping lines it cannot use. */
export async function readRecords(
  file: string,
  warn: (line: string) => void,
): Promise<{ records: PreparedRecord[]; skipped: number; numericIds: Map<string, number> }> {
  if (!fs.existsSync(file))
    throw new CliError(`${file} does not exist: give a JSON-lines file with one record per line`);
  const records: PreparedRecord[] = [];
  const ids = new Set<string>();
  // An id given as a JSON number is written back as a number: the output names records as the input did.
  const numericIds = new Map<string, number>();
  let skipped = 0;
  let lineNo = 0;
  const lines = readline.createInterface({ input: fs.createReadStream(file, 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) {
    lineNo++;
    if (line.trim() === '') continue;
    const skip = (why: string) => {
      skipped++;
      warn(`${file} line ${lineNo}: ${why}; skipped`);
    };
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      skip('not valid JSON');
      continue;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      skip('not a JSON object');
      continue;
    }
    const id = (value as { id?: unknown }).id;
    if ((typeof id !== 'string' && typeof id !== 'number') || String(id).trim() === '') {
      skip('has no id (a non-empty string)');
      continue;
    }
    const key = String(id);
    if (ids.has(key)) {
      skip('repeats the id of an earlier line');
      continue;
    }
    ids.add(key);
    if (typeof id === 'number') numericIds.set(key, id);
    records.push(prepareWithoutKeys({ ...(value as MatchInput), id: key }));
  }
  return { records, skipped, numericIds };
}

export function registerMatchCommand(program: Command): void {
  program
    .command('match')
    .description(
      'match partner records (exits) to own records (entries) from JSON-lines files; one JSON line per matched pair',
    )
    .requiredOption('--own <file>', 'own entry records, one JSON object per line')
    .requiredOption('--partner <file>', "partner's records (our exits), one JSON object per line")
    .option('--out <file>', 'write matched pairs here instead of stdout')
    .option(
      '--review <file>',
      'also write the pairs an operator should review (uncertain or ambiguous), one JSON line each',
    )
    .action(async (opts: MatchCommandOptions) => {
      const warn = (line: string) => process.stderr.write(`entry-exit match: ${line}\n`);
      const own = await readRecords(opts.own, warn);
      const partner = await readRecords(opts.partner, warn);
      const result = matchPrepared(own.records, partner.records);
      const out = opts.out ? fs.createWriteStream(opts.out) : process.stdout;
      const write = (text: string) =>
        out.write(text) ? Promise.resolve() : new Promise<void>((resolve) => out.once('drain', () => resolve()));
      let chunk = '';
      for (const m of result.matches) {
        const ownId = own.numericIds.get(m.own_id) ?? m.own_id;
        const partnerId = partner.numericIds.get(m.partner_id) ?? m.partner_id;
        chunk += `${JSON.stringify({ own_id: ownId, partner_id: partnerId, score: m.score, evidence: m.evidence })}\n`;
        if (chunk.length > 1 << 16) {
          await write(chunk);
          chunk = '';
        }
      }
      await write(chunk);
      if (opts.out)
        await new Promise<void>((resolve, reject) =>
          (out as fs.WriteStream).end((err?: Error | null) => (err ? reject(err) : resolve())),
        );
      if (opts.review) fs.writeFileSync(opts.review, result.review.map((r) => `${JSON.stringify(r)}\n`).join(''));
      warn(
        `${result.matches.length} matched, ${result.review.length} to review, ` +
          `${own.records.length} own and ${partner.records.length} partner records read, ${own.skipped + partner.skipped} lines skipped, ` +
          `${result.stats.scoredPairs} candidate pairs scored`,
      );
    });
}
