/** Order statistics of a set of samples. */
export interface Summary {
  n: number;
  p50: number;
  p99: number;
  mean: number;
}

/** The `q`-quantile (0…1) of sorted samples, nearest rank. */
export function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

/**
 * Median, p99 and mean of the samples.
 *
 * @param samples - any unit; the summary is in the same unit
 * @returns the summary
 */
export function summarize(samples: ArrayLike<number>): Summary {
  const sorted = Float64Array.from(samples).sort();
  let total = 0;
  for (const value of sorted) total += value;
  return { n: sorted.length, p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99), mean: total / sorted.length };
}

/** A fixed-size buffer of latency samples. */
export class Samples {
  private readonly values: Float64Array;
  private count = 0;

  constructor(capacity: number) {
    this.values = new Float64Array(capacity);
  }

  push(value: number): void {
    if (this.count < this.values.length) this.values[this.count++] = value;
  }

  /** Appends every sample of `other`. */
  pushAll(other: Samples): void {
    for (let i = 0; i < other.count; i += 1) this.push(other.values[i] ?? 0);
  }

  get length(): number {
    return this.count;
  }

  summary(): Summary {
    return summarize(this.values.subarray(0, this.count));
  }
}
