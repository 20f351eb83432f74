/**
 * Loaded into the real server by connections.ts (`node --import` before server/main.ts):
 * on SIGUSR2 the server collects garbage and prints one line with its memory, so the
 * bench can read the heap of a process it did not write.
 */
process.on('SIGUSR2', () => {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
  console.log(`memory ${JSON.stringify(process.memoryUsage())}`);
});
