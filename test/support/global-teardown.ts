import fs from 'node:fs';

export default async function globalTeardown(): Promise<void> {
  const stack = globalThis.__ENTRY_EXIT_TEST_STACK__;
  if (!stack) return;
  await stack.temporal?.teardown().catch((err) => console.warn(`temporal teardown: ${err}`));
  await stack.postgres?.stop().catch((err) => console.warn(`postgres stop: ${err}`));
  if (!process.env.KEEP_TEST_DATA) fs.rmSync(stack.workDir, { recursive: true, force: true });
}
