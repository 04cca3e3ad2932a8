// The import graph of the project's own modules, read from the source text: which file imports which
// package or file. Enough for the architecture rules (no cycles, no pg/Temporal/HTTP in domain code).
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, readSource, withoutComments } from './source-files';

export interface ImportEdge {
  /** The specifier as written: 'pg', '../config', ... */
  specifier: string;
  /** For a relative specifier, the file it resolves to (relative to the root); else undefined. */
  file?: string;
  /** `import type` / `export type`: erased at compile time, so it loads nothing at run time. */
  typeOnly: boolean;
}

const IMPORT = /(?:^|\n)\s*(import|export)\s+(type\s+)?(?:[\w*{}\s,$]+?\s+from\s+)?['"]([^'"]+)['"]/g;
const DYNAMIC = /\b(?:import|require)\(\s*['"]([^'"]+)['"]\s*\)/g;

function resolveRelative(fromFile: string, specifier: string): string | undefined {
  const base = path.join(path.dirname(fromFile), specifier);
  for (const candidate of [`${base}.ts`, `${base}.js`, `${base}/index.ts`, base]) {
    const full = path.join(ROOT, candidate);
    if (fs.existsSync(full) && fs.statSync(full).isFile()) return candidate.split(path.sep).join('/');
  }
  return undefined;
}

export function importsOf(file: string): ImportEdge[] {
  const code = withoutComments(readSource(file));
  const edges: ImportEdge[] = [];
  const add = (specifier: string, typeOnly: boolean) =>
    edges.push({
      specifier,
      typeOnly,
      file: specifier.startsWith('.') ? resolveRelative(file, specifier) : undefined,
    });
  for (const m of code.matchAll(IMPORT)) add(m[3], m[2] !== undefined);
  for (const m of code.matchAll(DYNAMIC)) add(m[1], false);
  return edges;
}

/**
 * Import cycles among `files`, as the sets of files that import each other (strongly connected
 * components), each sorted. Type-only imports count too unless `runtimeOnly`: a type cycle still ties
 * the modules together (it is the cycle issue 13 names through activities/index.ts).
 */
export function importCycles(files: readonly string[], opts: { runtimeOnly?: boolean } = {}): string[][] {
  const inScope = new Set(files);
  const graph = new Map(
    files.map((f) => [
      f,
      importsOf(f)
        .filter((e) => !(opts.runtimeOnly && e.typeOnly) && e.file !== undefined && inScope.has(e.file))
        .map((e) => e.file!),
    ]),
  );
  // Tarjan's strongly connected components: every component of more than one file holds a cycle.
  let index = 0;
  const indexOf = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (v: string): void => {
    indexOf.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!indexOf.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, indexOf.get(w)!));
    }
    if (low.get(v) === indexOf.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || graph.get(v)!.includes(v)) components.push(component.sort());
    }
  };
  for (const f of files) if (!indexOf.has(f)) visit(f);
  return components;
}
