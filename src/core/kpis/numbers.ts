/** The arithmetic and the number wording the KPIs share. */

export const pct = (value: number) => `${Math.round(value * 100)}%`;

export const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

export const mean = (values: readonly number[]) =>
  values.reduce((sum, value) => sum + value, 0) / values.length;

/** A reduction in words: "30% fewer", or "+10% more" when it went up. */
export function changeInWords(change: number, better: string, worse: string): string {
  return change >= 0 ? `${pct(change)} ${better}` : `+${pct(-change)} ${worse}`;
}
