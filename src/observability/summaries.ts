// Temporal user metadata: the one-line summaries and details the Temporal UI shows for workflows,
// activities and timers, so an operator reads an execution without opening its raw history.
// Ids, dates and counts only, never personal data; like every payload they pass through the node's
// payload codec (encrypted at rest in Temporal, decoded by the operator's codec endpoint).
// Pure and free of Node built-ins: workflows import it.

/** 12410 -> "12,410" (no Intl: the same output in every workflow sandbox). */
export function count(n: number): string {
  return String(Math.trunc(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

const plural = (n: number, one: string, many = `${one}s`) => `${count(n)} ${n === 1 ? one : many}`;

/** "US-CA" or "US" + "CA" -> "US→CA". */
export function arrow(from: string, to?: string): string {
  return to === undefined ? from.replace('-', '→') : `${from}→${to}`;
}

export const summaries = {
  cycle: (from: string, to: string, window: string) => `exchange ${arrow(from, to)} for ${window}`,
  cycleDetails: (from: string, to: string, window: string, windowEnd: string, batchSize: number) =>
    `Sends ${from}'s pending in-scope entries captured before ${windowEnd} to ${to}, in signed batches of up to ${count(batchSize)} records, and waits for each acknowledgement.`,
  cycleProgress: (
    from: string,
    to: string,
    window: string,
    totals: { batches: number; sent: number; accepted: number; rejected: number; resends: number },
    status: string,
  ) =>
    `${summaries.cycle(from, to, window)}: ${plural(totals.batches, 'batch', 'batches')}, ${plural(totals.sent, 'record')} (${count(totals.accepted)} accepted, ${count(totals.rejected)} rejected), ${plural(totals.resends, 'resend')}; ${status}`,
  collect: (window: string, batchNumber: number) => `collect batch ${batchNumber} of window ${window}`,
  transmit: (batchId: string, records: number, attempt: number) =>
    `send ${batchId} (${plural(records, 'record')})${attempt > 1 ? `, attempt ${attempt}` : ''}`,
  awaitAck: (batchId: string, sends: number) => `waiting for the acknowledgement of ${batchId} (sent ${sends}×)`,
  scheduledCycle: (from: string, to: string) =>
    `scheduled exchange ${arrow(from, to)}: runs the window that just ended`,

  ingest: (batchId: string, sender: string, records: number) =>
    `ingest ${batchId} from ${sender}: ${plural(records, 'record')}`,
  ingestDetails:
    'Validates the records, stores them as exits, reconciles them with own entries, signals the matched stays and acknowledges to the sender.',
  storeExits: (batchId: string) => `validate and store the records of ${batchId} as exits`,
  reconcile: (batchId: string) => `reconcile the exits of ${batchId} with own entries`,
  acknowledge: (batchId: string) => `send the signed acknowledgement of ${batchId}`,
  ingestProgress: (batchId: string, r: { accepted: number; rejected: number; matched?: number; signalled?: number }) =>
    `${batchId}: ${count(r.accepted)} accepted, ${count(r.rejected)} rejected` +
    (r.matched === undefined ? '' : `; ${count(r.matched)} matched, ${plural(r.signalled ?? 0, 'stay')} told`),

  stay: (entryId: string, category: string, admitUntil: string | null) =>
    admitUntil
      ? `stay of ${entryId} (${category}) until admit-until ${admitUntil}`
      : `stay of ${entryId} (${category})`,
  stayDetails: (ruleId: string, retainUntil: string) =>
    `Admission rule ${ruleId}. Waits for the partner's exit record; flags a suspected overstay when admit-until passes; ends when the data leaves retention on ${retainUntil}.`,
  stayWait: (deadline: { kind: 'admit-until' | 'depart-by' | 'retention'; day: string }) =>
    deadline.kind === 'admit-until'
      ? `waiting for exit until admit-until ${deadline.day}`
      : deadline.kind === 'depart-by'
        ? `waiting for departure until the removal order's depart-by ${deadline.day}`
        : `waiting for exit data or corrections until retention ends ${deadline.day}`,
  stayProgress: (status: string, admitUntil: string | null, daysOver: number | null) =>
    `status ${status}${admitUntil ? `; admit-until ${admitUntil}` : ''}${daysOver !== null ? `; ${plural(daysOver, 'day')} over` : ''}`,

  purge: (node: string) => `daily purge of the ${node} node's records past retention`,
  purgePage: (kind: string, page: number) => `purge page ${page} of expired ${kind} records`,
};
