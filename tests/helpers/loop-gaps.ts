// How long the event loop was held: the longest gap between the ticks of a 5 ms interval while
// something runs (a blocked loop delays the next tick by exactly as long as it was blocked).
export function loopGaps(): { stop(): Promise<number> } {
  let last = performance.now();
  let max = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    max = Math.max(max, now - last);
    last = now;
  }, 5);
  return {
    async stop() {
      await new Promise((r) => setTimeout(r, 20)); // let a tick delayed by the work itself be counted
      clearInterval(timer);
      return max;
    },
  };
}
