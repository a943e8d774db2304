import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { Injectable, MiddlewareConsumer, Module, NestMiddleware, NestModule, RequestMethod } from '@nestjs/common';

/**
 * The web console (apps/web, built into dist/web) served by the API itself at `/`: no CDN, every
 * font, icon and script from these files. Plain Node request/response calls, as Nest middleware, so
 * it serves the same under Express or Fastify.
 *
 * - `/assets/*` are content-hashed: cached for a year, immutable; `.br`/`.gz` copies made at build
 *   time are sent to browsers that accept them.
 * - Any other GET for a page (the browser asks for text/html) is a client route: index.html, never
 *   cached, so a new build is picked up on the next load.
 * - The API's own paths are never shadowed: /graphql, /graphiql/*, /health, /exports/*.
 */
const API_PREFIXES = ['/graphql', '/graphiql', '/health', '/exports'];

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

/** antd writes its styles at run time (CSS-in-JS), hence style-src 'unsafe-inline'; nothing else runs inline. */
const PAGE_HEADERS: Record<string, string> = {
  'Cache-Control': 'no-cache',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
};

const NOT_BUILT = `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>社工站工作平台</title>
<body style="font-family:sans-serif;padding:2em"><h1>控制台尚未构建</h1><p>请在项目目录运行 <code>npm run build:web</code>（<code>npm install</code> 与 <code>npm start</code> 会自动完成），然后刷新本页。</p>
<p>GraphQL 接口仍可在 <a href="/graphql">/graphql</a> 使用。</p></body></html>`;

/** Where the build is: dist/web beside the compiled API, or under the repository when run from source. */
export function webConsoleDir(): string | undefined {
  const candidates = [resolve(__dirname, '../../web'), resolve(__dirname, '../../dist/web'), resolve(process.cwd(), 'dist/web')];
  return candidates.find((d) => existsSync(join(d, 'index.html')));
}

function isApiPath(path: string): boolean {
  return API_PREFIXES.some((p) => path === p || path.startsWith(`${p}/`) || path.startsWith(`${p}?`));
}

function accepts(req: IncomingMessage, encoding: string): boolean {
  return new RegExp(`(^|[,\\s])${encoding}(\\s*;\\s*q=(?!0(\\.0*)?\\b)|\\s*,|\\s*$)`).test(String(req.headers['accept-encoding'] ?? ''));
}

function send(req: IncomingMessage, res: ServerResponse, file: string, headers: Record<string, string>): void {
  const type = TYPES[extname(file)] ?? 'application/octet-stream';
  let path = file;
  let encoding: string | undefined;
  for (const [enc, ext] of [
    ['br', '.br'],
    ['gzip', '.gz'],
  ] as const) {
    if (accepts(req, enc) && existsSync(file + ext)) {
      path = file + ext;
      encoding = enc;
      break;
    }
  }
  res.statusCode = 200;
  res.setHeader('Content-Type', type);
  res.setHeader('Content-Length', String(statSync(path).size));
  res.setHeader('Vary', 'Accept-Encoding');
  if (encoding) res.setHeader('Content-Encoding', encoding);
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(path)
    .on('error', () => res.destroy())
    .pipe(res);
}

/** The middleware itself, on raw Node requests; `next()` hands anything not the console's to the API. */
export function webConsoleHandler(dir: string | undefined = webConsoleDir()) {
  return (req: IncomingMessage & { originalUrl?: string }, res: ServerResponse, next: () => void): void => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const url = req.originalUrl ?? req.url ?? '/';
    let path: string;
    try {
      path = decodeURIComponent(url.split('?')[0]);
    } catch {
      return next();
    }
    if (isApiPath(path) || path.includes('\0')) return next();
    const wantsPage = /text\/html/.test(String(req.headers.accept ?? ''));
    if (!dir) {
      if (!wantsPage) return next();
      res.statusCode = 503;
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      res.setHeader('Cache-Control', 'no-store');
      res.end(NOT_BUILT);
      return;
    }
    if (path !== '/' && extname(path)) {
      const file = normalize(join(dir, path));
      if (!file.startsWith(dir + sep) || !existsSync(file) || !statSync(file).isFile() || /\.(br|gz)$|\/\.build-stamp$/.test(file)) return next();
      const immutable = path.startsWith('/assets/');
      return send(req, res, file, {
        'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'public, max-age=3600',
        'X-Content-Type-Options': 'nosniff',
      });
    }
    // A client route (no file extension): the console's page, which routes in the browser.
    if (!wantsPage) return next();
    send(req, res, join(dir, 'index.html'), PAGE_HEADERS);
  };
}

@Injectable()
export class WebConsoleMiddleware implements NestMiddleware {
  private readonly handle = webConsoleHandler();

  use(req: IncomingMessage, res: ServerResponse, next: () => void): void {
    this.handle(req, res, next);
  }
}

/** Mounts the console on every route; it steps aside for the API's own paths and anything it does not hold. */
@Module({})
export class WebConsoleModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(WebConsoleMiddleware).forRoutes({ path: '{*path}', method: RequestMethod.GET }, { path: '{*path}', method: RequestMethod.HEAD });
  }
}
