import { Agent, request } from 'node:http';

export interface LoadResult {
  requests: number;
  errors: number;
  seconds: number;
  rate: number;
  p50: number;
  p99: number;
}

export function summarise(latencies: number[], errors: number, seconds: number): LoadResult {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : NaN);
  return { requests: sorted.length, errors, seconds, rate: sorted.length / seconds, p50: at(0.5), p99: at(0.99) };
}

/** Runs `concurrency` loops of `task` for `seconds` (bounded in time and count), timing each call. */
export async function runLoad(task: () => Promise<void>, concurrency: number, seconds: number, maxRequests = 200_000): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const loop = async () => {
    while (performance.now() < deadline && latencies.length + errors < maxRequests) {
      const t0 = performance.now();
      try {
        await task();
        latencies.push(performance.now() - t0);
      } catch {
        errors += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  return summarise(latencies, errors, (performance.now() - started) / 1000);
}

const agent = new Agent({ keepAlive: true, maxSockets: 64 });

/** POSTs a GraphQL operation to the API on loopback; rejects on an HTTP or GraphQL error. */
export function graphql(port: number, token: string | undefined, query: string, variables: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  const body = JSON.stringify({ query, variables });
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/graphql',
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const json = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { data?: Record<string, unknown>; errors?: unknown[] };
          if (res.statusCode !== 200 || json.errors) reject(new Error(JSON.stringify(json.errors ?? res.statusCode)));
          else resolve(json.data!);
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
