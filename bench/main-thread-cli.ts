import { measureMainThread } from './main-thread';

/**
 * `node --import tsx bench/main-thread-cli.ts '<options JSON>'`: the main-thread measurement in a process of
 * its own (see measureMainThreadInChild). Progress goes to stderr, the report to stdout as one JSON line.
 */
const options = JSON.parse(process.argv[2] ?? '{}') as Parameters<typeof measureMainThread>[0];
const report = await measureMainThread({ ...options, log: (s) => process.stderr.write(s) });
process.stdout.write(`${JSON.stringify(report)}\n`);
