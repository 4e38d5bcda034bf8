/**
 * Preloaded into a measured process (`node --import <this file> …`): on exit, writes the process's peak
 * resident set size — every thread's, workers included (getrusage RUSAGE_SELF) — to stderr as
 * `max-rss-kb N`, for bench/replay to read.
 */
import { writeSync } from 'node:fs';

process.on('exit', () => {
  writeSync(2, `\nmax-rss-kb ${process.resourceUsage().maxRSS}\n`);
});
