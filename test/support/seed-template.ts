import 'reflect-metadata';
import { seedDemo } from '../../apps/cli/demo/seed-demo';

/**
 * Seeds the demo city into the database at argv[2]. Global setup runs this as a process of its
 * own: loading the application's modules into jest's main process would leave a second copy of
 * the GraphQL decorators' storage beside the one each test file loads.
 */
seedDemo(process.argv[2]).then(
  () => process.exit(0),
  (e) => {
    process.stderr.write(`${(e as Error).stack}\n`);
    process.exit(1);
  },
);
