/**
 * A token bucket: `burst` tokens at most, refilled continuously at `perSecond`. Pure arithmetic on
 * plain state so that adapters can store the state anywhere. `Infinity` for either bound never limits.
 */
export interface BucketState {
  tokens: number;
  updatedAt: number;
}

export function newBucket(burst: number, now: number): BucketState {
  return { tokens: burst, updatedAt: now };
}

/** Takes one token; returns 0 when taken, else the ms until one will be there. */
export function takeToken(bucket: BucketState, perSecond: number, burst: number, now: number): number {
  if (perSecond === Infinity || burst === Infinity) return 0;
  const elapsed = Math.max(0, now - bucket.updatedAt);
  bucket.tokens = Math.min(burst, bucket.tokens + (elapsed * perSecond) / 1000);
  bucket.updatedAt = now;
  if (bucket.tokens >= 1) {
    bucket.tokens -= 1;
    return 0;
  }
  if (perSecond <= 0) return Number.MAX_SAFE_INTEGER;
  return Math.max(1, Math.ceil(((1 - bucket.tokens) * 1000) / perSecond));
}
