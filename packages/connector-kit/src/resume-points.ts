/**
 * Indexes of the items to resume after: the first, the second, three spread through the middle, the
 * second-to-last and the last. Deduplicated and sorted, so small fixtures simply get fewer points.
 */
export function resumePoints(itemCount: number): number[] {
  if (itemCount <= 0) return [];
  const last = itemCount - 1;
  const candidates = [0, 1, Math.floor(last / 4), Math.floor(last / 2), Math.floor((3 * last) / 4), last - 1, last];
  return [...new Set(candidates.filter((index) => index >= 0 && index <= last))].sort((a, b) => a - b);
}
