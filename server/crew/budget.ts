/**
 * A sliding-window allowance per key (an address, a link): at most `limit`
 * uses in any `windowMs`. Kept in memory: a restart forgives everyone, which
 * is fine for slowing down guessing and runaway retries.
 */
export class Budget {
  private readonly uses = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number,
  ) {}

  /** Spends one use; false when the key has none left in this window. */
  take(key: string): boolean {
    const recent = this.recent(key);
    if (recent.length >= this.limit) return false;
    recent.push(this.now());
    this.uses.set(key, recent);
    if (this.uses.size > 10_000) this.prune();
    return true;
  }

  /** Whether the key has used up its allowance, without spending. */
  exhausted(key: string): boolean {
    return this.recent(key).length >= this.limit;
  }

  private recent(key: string): number[] {
    const since = this.now() - this.windowMs;
    return (this.uses.get(key) ?? []).filter((t) => t > since);
  }

  private prune(): void {
    for (const key of [...this.uses.keys()]) if (this.recent(key).length === 0) this.uses.delete(key);
  }
}
