// The no-op workflow of the bare Temporal ceiling: started by signal-with-start, like a stay
// workflow receiving its exit, and done as soon as the signal is in.
import { condition, defineSignal, setHandler } from '@temporalio/workflow';

export const ceilingSignal = defineSignal<[string]>('ceilingExit');

export async function ceilingNoop(): Promise<void> {
  let received = false;
  setHandler(ceilingSignal, () => {
    received = true;
  });
  await condition(() => received);
}
