import { createReadStream } from 'node:fs';
import { dirname, join } from 'node:path';
import type { FastifyInstance } from 'fastify';

const ASSETS: Record<string, { pkg: string; file: string; type: string }> = {
  'react.js': { pkg: 'react', file: 'umd/react.production.min.js', type: 'text/javascript' },
  'react-dom.js': { pkg: 'react-dom', file: 'umd/react-dom.production.min.js', type: 'text/javascript' },
  'graphiql.js': { pkg: 'graphiql', file: 'graphiql.min.js', type: 'text/javascript' },
  'graphiql.css': { pkg: 'graphiql', file: 'graphiql.min.css', type: 'text/css' },
};

function assetPath(name: string): string {
  const a = ASSETS[name];
  return join(dirname(require.resolve(`${a.pkg}/package.json`)), a.file);
}

const PAGE = `<!doctype html>
<html lang="zh-CN">
<head>
  <meta charset="utf-8" />
  <title>社工站平台 GraphiQL</title>
  <link rel="stylesheet" href="/graphiql/graphiql.css" />
  <style>html, body, #graphiql { height: 100%; margin: 0; }</style>
</head>
<body>
  <div id="graphiql">Loading…</div>
  <script src="/graphiql/react.js"></script>
  <script src="/graphiql/react-dom.js"></script>
  <script src="/graphiql/graphiql.js"></script>
  <script>
    const fetcher = GraphiQL.createFetcher({ url: location.origin + '/graphql' });
    ReactDOM.createRoot(document.getElementById('graphiql')).render(
      React.createElement(GraphiQL, { fetcher, defaultEditorToolsVisibility: true, shouldPersistHeaders: true }),
    );
  </script>
</body>
</html>`;

/** A browser asking for the page (HTML first), as opposed to a GraphQL GET request (JSON, or a query in the URL). */
function wantsPage(accept: string | undefined, url: string): boolean {
  if (url.includes('?')) return false;
  const html = (accept ?? '').indexOf('text/html');
  const json = (accept ?? '').indexOf('application/json');
  return html !== -1 && (json === -1 || html < json);
}

/**
 * GET /graphql from a browser gets GraphiQL, and /graphiql/* its files, served from this package's
 * own dependencies: no CDN. Apollo owns the /graphql route itself, so the page is answered by a
 * hook before routing, for GET requests that want HTML only.
 */
export function registerGraphiql(app: FastifyInstance): void {
  app.addHook('onRequest', async (req, reply) => {
    if (req.method !== 'GET' || !(req.url === '/graphql' || req.url === '/graphql/') || !wantsPage(req.headers.accept, req.url)) return;
    return reply.type('text/html; charset=utf-8').send(PAGE);
  });
  app.get<{ Params: { asset: string } }>('/graphiql/:asset', async (req, reply) => {
    const name = req.params.asset;
    if (!Object.hasOwn(ASSETS, name)) return reply.status(404).send({ code: 'NOT_FOUND', message: `${name} was not found` });
    return reply
      .type(ASSETS[name].type)
      .header('Cache-Control', 'public, max-age=86400')
      .send(createReadStream(assetPath(name)));
  });
}
