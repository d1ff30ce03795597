import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

const root = resolve(import.meta.dirname, '../..');

/**
 * The source of a writer child process (another copy of the app: its own connection and dispatcher),
 * signed in as 'writer' on session 'w' (it exits 3 if it cannot sign in). Its arguments are
 * `file start [mode]`; `nextNhs()` yields valid NHS numbers beginning `nhsPrefix`, counting from `start`.
 * `imports` and `setup` (which sees `mode`) go before the database opens; `loop` runs after sign-in.
 */
export function writerSource(options: { nhsPrefix: string; imports?: string; setup?: string; loop: string }) {
  return `
import { openDatabase } from ${JSON.stringify(join(root, 'db/connection.ts'))};
import { createDispatcher } from ${JSON.stringify(join(root, 'db/dispatcher.ts'))};
${options.imports ?? ''}
const [file, startArg, mode] = process.argv.slice(2);
${options.setup ?? ''}
let k = Number(startArg);
function nextNhs() {
  for (;;) {
    const base = ${JSON.stringify(options.nhsPrefix)} + String(k++).padStart(7, '0');
    const sum = [...base].reduce((a, d, i) => a + Number(d) * (10 - i), 0);
    const check = 11 - (sum % 11);
    if (check !== 10) return base + String(check === 11 ? 0 : check);
  }
}
const conn = openDatabase(file);
const d = createDispatcher(conn, { passwordCost: { N: 1024 } });
const s = await d.dispatch('w', 'auth:signIn', { username: 'writer', password: 'correct horse battery' });
if (!s.ok) { console.error(JSON.stringify(s)); process.exit(3); }
${options.loop}
`;
}

/**
 * Bundles a writer's source (ESM for Node 20) into node_modules/.cache/<cacheName>/writer.mjs and returns
 * that file's path, for `spawn(process.execPath, [path, ...])`.
 */
export async function buildWriter(
  cacheName: string,
  source: string,
  options: { external: string[]; minify?: boolean },
): Promise<string> {
  const cacheDir = join(root, 'node_modules', '.cache', cacheName);
  const outfile = join(cacheDir, 'writer.mjs');
  mkdirSync(cacheDir, { recursive: true });
  writeFileSync(join(cacheDir, 'writer.ts'), source);
  await build({
    entryPoints: [join(cacheDir, 'writer.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: options.external,
    outfile,
    ...(options.minify ? { minify: true } : {}),
    logLevel: 'silent',
  });
  return outfile;
}

/** Calls `onLine` with each whole line a child writes to `stream` (without the newline), in order. */
export function onLines(stream: NodeJS.ReadableStream, onLine: (line: string) => void): void {
  let buffer = '';
  stream.on('data', (b: Buffer) => {
    buffer += b.toString();
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      onLine(line);
    }
  });
}
