// When we are root, PostgreSQL runs as the `postgres` user, which must be able to reach both its
// binaries and its data directory. A clone under /root (mode 700) gives it neither, and initdb then
// fails before it can print anything. This module finds such paths and moves what PostgreSQL needs
// to a place it can reach: the binaries are copied once to a shared cache, and the data directory
// gets a fixed home outside the clone, named after the clone's path so a restart finds it again.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface ServerUser {
  uid?: number;
  gid?: number;
}

/** The first directory on the way to `target` that `user` may not enter, or undefined if it can reach it. */
export function firstBlockedDirectory(target: string, user: ServerUser): string | undefined {
  if (user.uid === undefined) return undefined;
  const parts = path.resolve(target).split(path.sep).filter(Boolean);
  let current: string = path.sep;
  for (let i = 0; i <= parts.length; i++) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(current);
    } catch {
      // Not made yet: whatever we create below the last existing directory, we create reachable.
      return undefined;
    }
    if (stat.isDirectory() && !mayEnter(stat, user)) return current;
    if (i < parts.length) current = path.join(current, parts[i]!);
  }
  return undefined;
}

function mayEnter(stat: fs.Stats, user: ServerUser): boolean {
  if (stat.uid === user.uid) return (stat.mode & 0o100) !== 0;
  if (stat.gid === user.gid) return (stat.mode & 0o010) !== 0;
  return (stat.mode & 0o001) !== 0;
}

/**
 * Where relocated PostgreSQL files live: a root-owned directory every user may enter, under /var/tmp
 * (kept across reboots, unlike /tmp) where the machine has one.
 */
function sharedRoot(): string {
  const base = fs.existsSync('/var/tmp') ? '/var/tmp' : os.tmpdir();
  const root = path.join(base, 'entry-exit-postgres');
  fs.mkdirSync(root, { recursive: true, mode: 0o755 });
  fs.chmodSync(root, 0o755);
  return root;
}

function shortHash(text: string): string {
  return crypto.createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/**
 * The binaries directory PostgreSQL can run from: `binDir` itself when reachable, otherwise a copy of
 * its package (bin, lib, share) in the shared cache, made once and reused.
 */
export function reachableBinaries(binDir: string, user: ServerUser): { binDir: string; copiedFrom?: string } {
  if (!firstBlockedDirectory(path.join(binDir, 'postgres'), user)) return { binDir };
  const packageDir = path.dirname(binDir);
  const cached = path.join(sharedRoot(), `bin-${shortHash(fs.realpathSync(packageDir))}`);
  if (!fs.existsSync(path.join(cached, 'bin', 'postgres'))) {
    // Copied under a temporary name and renamed, so an interrupted copy is never taken for a good one.
    const partial = `${cached}.partial-${process.pid}`;
    fs.rmSync(partial, { recursive: true, force: true });
    fs.cpSync(packageDir, partial, { recursive: true, verbatimSymlinks: true });
    makeReadableByAll(partial);
    fs.rmSync(cached, { recursive: true, force: true });
    fs.renameSync(partial, cached);
  }
  return { binDir: path.join(cached, 'bin'), copiedFrom: binDir };
}

/**
 * The data directory PostgreSQL can use for `dataDir`: itself when reachable, otherwise a fixed
 * directory in the shared cache named after `dataDir`'s absolute path (so the same clone finds the
 * same data after a restart).
 */
export function reachableDataDirectory(dataDir: string, user: ServerUser): { dataDir: string; blockedAt?: string } {
  const blockedAt = firstBlockedDirectory(dataDir, user);
  if (!blockedAt) return { dataDir };
  const home = path.join(sharedRoot(), `data-${shortHash(path.resolve(dataDir))}`);
  fs.mkdirSync(home, { recursive: true, mode: 0o755 });
  return { dataDir: path.join(home, path.basename(dataDir)), blockedAt };
}

function makeReadableByAll(dir: string): void {
  fs.chmodSync(dir, 0o755);
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isSymbolicLink()) continue;
    if (entry.isDirectory()) makeReadableByAll(full);
    else fs.chmodSync(full, fs.statSync(full).mode | 0o444);
  }
}
