import { BucketTotal, CounterStore, RateLimiter } from './rate-limiter';

/** The store's semantics (one row per bucket and window, additions serialized), in memory. */
class MemoryStore implements CounterStore {
  readonly rows = new Map<string, { hits: number; replicas: Set<string> }>();
  adds = 0;

  async add(window: number, replica: string, hits: ReadonlyMap<string, number>): Promise<BucketTotal[]> {
    this.adds += 1;
    await new Promise((r) => setImmediate(r));
    return [...hits].map(([key, n]) => {
      const id = `${key}|${window}`;
      const row = this.rows.get(id) ?? { hits: 0, replicas: new Set<string>() };
      row.hits += n;
      row.replicas.add(replica);
      this.rows.set(id, row);
      return { key, total: row.hits, replicas: row.replicas.size };
    });
  }

  async sweep(): Promise<void> {}
}

const settle = () => new Promise((r) => setTimeout(r, 5));

describe('RateLimiter', () => {
  let clock = 0;
  const now = () => clock;
  const limiters: RateLimiter[] = [];
  const make = (store: CounterStore, limit: number) => {
    const l = new RateLimiter(store, { limitPerWindow: limit, flushMs: 0, now });
    limiters.push(l);
    return l;
  };
  beforeEach(() => (clock = 60_000 * 1000 + 15_000));
  afterAll(() => limiters.forEach((l) => l.stop()));

  it('lets exactly the limit through in a window, then refuses until the window ends', async () => {
    const store = new MemoryStore();
    const a = make(store, 10);
    let allowed = 0;
    for (let i = 0; i < 15; i++) if (!(await a.hit('s1'))) allowed += 1;
    expect(allowed).toBe(10);
    expect(await a.hit('s1')).toEqual({ retryAfterSeconds: 45 });
    // Another key has a limit of its own.
    expect(await a.hit('s2')).toBeUndefined();
    // The next window starts afresh.
    clock += 45_000;
    expect(await a.hit('s1')).toBeUndefined();
  });

  it('answers far from the limit without the store, and checks each request near it', async () => {
    const store = new MemoryStore();
    const a = make(store, 100);
    for (let i = 0; i < 79; i++) expect(a.hit('s')).toBeUndefined();
    expect(store.adds).toBe(0);
    await a.flush();
    expect(store.adds).toBe(1);
    const near = a.hit('s');
    expect(near).toBeInstanceOf(Promise);
    await near;
    expect(store.adds).toBe(2);
    expect(store.rows.get(`s|${Math.floor(clock / 60_000)}`)!.hits).toBe(80);
  });

  it.each([1, 5, 20])('holds the limit exactly over two replicas taking turns (both flushing every %i requests)', async (every) => {
    const store = new MemoryStore();
    const replicas = [make(store, 50), make(store, 50)];
    let allowed = 0;
    for (let i = 0; i < 120; i++) {
      if (!(await replicas[i % 2].hit('s'))) allowed += 1;
      if (i === 1 || i % every === 0) await Promise.all(replicas.map((r) => r.flush()));
    }
    expect(allowed).toBe(50);
  });

  it('holds the limit exactly under concurrent requests near it', async () => {
    const store = new MemoryStore();
    const [a, b] = [make(store, 20), make(store, 20)];
    // Two rounds of flushes: each replica learns that the other counts this key too.
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 4; i++) expect(await (i % 2 ? b : a).hit('s')).toBeUndefined();
      await Promise.all([a.flush(), b.flush()]);
    }
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? b : a).hit('s')));
    expect(results.filter((r) => !r)).toHaveLength(12);
  });

  it('lets requests through when the store fails, and sends their counts later', async () => {
    let failing = true;
    const store = new MemoryStore();
    const flaky: CounterStore = {
      add: (w, r, h) => (failing ? Promise.reject(new Error('down')) : store.add(w, r, h)),
      sweep: async () => undefined,
    };
    const errors: unknown[] = [];
    const a = new RateLimiter(flaky, { limitPerWindow: 2, flushMs: 0, now, onError: (e) => errors.push(e) });
    limiters.push(a);
    expect(await a.hit('s')).toBeUndefined();
    expect(await a.hit('s')).toBeUndefined();
    expect(errors.length).toBeGreaterThan(0);
    failing = false;
    await settle();
    // The two requests let through are counted now: the third is refused.
    expect(await a.hit('s')).toEqual({ retryAfterSeconds: 45 });
  });
});
