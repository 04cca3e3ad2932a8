// Every environment variable is read in src/config/ (issue 13, point 5): other modules get typed
// settings from its readers, so a variable's name, default and check are written once. The test reads
// the source tree, so a new `process.env` outside src/config/ fails it.
import { readSource, sourceFiles, withoutComments } from './source-files';

/** Files that still read process.env, each with who removes the read and why it is still here. */
// Reads allowed outside src/config/, each with its reason (none today: keep it that way).
const KNOWN_READS: Record<string, string> = {};

const readsProcessEnv = (rel: string) => /\bprocess\.env\b/.test(withoutComments(readSource(rel)));

describe('environment variables are read in src/config/ only', () => {
  const files = sourceFiles(['src', 'activities', 'workflows', 'bin']);

  test('no module outside src/config/ reads process.env (known reads excepted)', () => {
    const offenders = files.filter((f) => !f.startsWith('src/config/') && !(f in KNOWN_READS) && readsProcessEnv(f));
    expect(offenders).toEqual([]);
  });

  test('the check finds a read: src/config/environment.ts reads process.env', () => {
    expect(files).toContain('src/config/environment.ts');
    expect(readsProcessEnv('src/config/environment.ts')).toBe(true);
  });

  test('every known read is still there (remove the entry once it is gone)', () => {
    const gone = Object.keys(KNOWN_READS).filter((f) => !files.includes(f) || !readsProcessEnv(f));
    expect(gone).toEqual([]);
  });
});
