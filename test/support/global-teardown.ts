import fs from 'node:fs';
import type { TestStack } from './global-setup';

export default async function globalTeardown(): Promise<void> {
  await stopStack(globalThis.__ENTRY_EXIT_TEST_STACK__);
}

/** Stops what the global setup started (any part of it) and removes its files. */
export async function stopStack(stack: TestStack | undefined): Promise<void> {
  if (!stack) return;
  await stack.temporal?.teardown().catch((err) => console.warn(`temporal teardown: ${err}`));
  await stack.realServer?.stop().catch((err) => console.warn(`temporal server stop: ${err}`));
  await stack.postgres?.stop().catch((err) => console.warn(`postgres stop: ${err}`));
  if (!process.env.KEEP_TEST_DATA) fs.rmSync(stack.workDir, { recursive: true, force: true });
}
