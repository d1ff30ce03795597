// Starts a TypeScript worker under plain Node (the benchmark has no Electron build): the worker's real
// entry is the first argv after the script, loaded through tsx.
import { pathToFileURL } from 'node:url';
import { tsImport } from 'tsx/esm/api';

const entry = process.argv[2];
if (!entry) throw new Error('ts-worker: no entry file');
await tsImport(pathToFileURL(entry).href, import.meta.url);
