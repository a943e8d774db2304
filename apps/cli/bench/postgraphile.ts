import { createServer } from 'node:http';
import { verify } from 'jsonwebtoken';
import { postgraphile } from 'postgraphile';
import { makePgService } from 'postgraphile/adaptors/pg';
import { grafserv } from 'postgraphile/grafserv/node';
import { PostGraphileAmberPreset } from 'postgraphile/presets/amber';

/**
 * The bench's reference peer: PostGraphile 5 serving the same database as the API, through the
 * same application role and row-level security. Each request verifies a JWT whose claims carry the
 * settings the policies read (tenant, user, scope), and runs its query in a transaction with them,
 * which is what the API's station lookup does before its own access checks.
 * Started by bench.ts as `node postgraphile.js <appDatabaseUrl> <port> <jwtSecret>`.
 */
async function main(): Promise<void> {
  const [connectionString, port, secret] = process.argv.slice(2);
  const preset: GraphileConfig.Preset = {
    extends: [PostGraphileAmberPreset],
    pgServices: [makePgService({ connectionString, schemas: ['public'], poolConfig: { max: 10 } })],
    grafserv: { graphqlPath: '/graphql', graphiql: false, watch: false },
    grafast: {
      context(requestContext) {
        const authorization = requestContext.node?.req?.headers?.authorization ?? '';
        const token = /^Bearer (\S+)$/i.exec(authorization)?.[1];
        if (!token) return {};
        const claims = verify(token, secret, { algorithms: ['HS256'] }) as { tid: string; sub: string; scope: string[] };
        return { pgSettings: { 'app.tenant_id': claims.tid, 'app.user_id': claims.sub, 'app.scope': `{${claims.scope.join(',')}}` } };
      },
    },
  };
  const pgl = postgraphile(preset);
  const serv = pgl.createServ(grafserv);
  const server = createServer();
  serv.addTo(server);
  await new Promise<void>((resolve) => server.listen(Number(port), '127.0.0.1', resolve));
  process.stdout.write('ready\n');
}

main().catch((e) => {
  process.stderr.write(`PostGraphile failed: ${(e as Error).stack}\n`);
  process.exit(1);
});
