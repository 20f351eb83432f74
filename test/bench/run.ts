/**
 * `npm run bench`: lib and ws side by side in one process. Prints medians of several
 * runs and the ratios; targets are reported, never enforced.
 */
import { allSections, printSection, RUNS } from './harness.ts';
import './protocol.ts';
import './memory.ts';
import './lab.ts';
import './inspector.ts';
import './connections.ts';

const only = process.argv.slice(2);
console.log(`Node ${process.version}, ${RUNS} runs per figure (median), ws-js = ws with WS_NO_BUFFER_UTIL=1, ws-native = ws with bufferutil`);
let met = 0;
let missed = 0;
for (const section of allSections()) {
  if (only.length && !only.some((word) => section.name.toLowerCase().includes(word.toLowerCase()))) continue;
  const rows = await section.run();
  const result = printSection(section, rows);
  met += result.met;
  missed += result.missed;
}
console.log(`\nTargets: ${met} met, ${missed} missed.`);
