import { dirname, join } from 'node:path';
import type { NextFunction, Request, Response } from 'express';

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

/** GET /graphql from a browser gets GraphiQL, served from this package's own dependencies: no CDN. */
export function graphiqlPage(req: Request, res: Response, next: NextFunction): void {
  const wantsHtml = req.method === 'GET' && req.accepts(['application/json', 'text/html']) === 'text/html';
  if (!wantsHtml || req.query.query) return next();
  res.type('html').send(PAGE);
}

export function graphiqlAsset(req: Request, res: Response, next: NextFunction): void {
  const name = req.params.asset as string;
  if (!Object.hasOwn(ASSETS, name)) return next();
  res.type(ASSETS[name].type).setHeader('Cache-Control', 'public, max-age=86400');
  res.sendFile(assetPath(name));
}
