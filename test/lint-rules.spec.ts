import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');

/** Lints `code` as if it were the file `path` of the project; the messages ESLint reports. */
function lint(path: string, code: string): { ruleId: string | null; message: string }[] {
  const run = spawnSync(process.execPath, [join(ROOT, 'node_modules/eslint/bin/eslint.js'), '--format', 'json', '--stdin', '--stdin-filename', path], {
    cwd: ROOT,
    input: code,
    encoding: 'utf8',
  });
  const [result] = JSON.parse(run.stdout) as { messages: { ruleId: string | null; message: string }[] }[];
  return result.messages;
}

/** The house rules catch what they are there for: each broken example fails, its fixed form passes. */
describe('lint rules', () => {
  it('refuses a deep import into another module, and a relative path to another module', () => {
    const deep = lint('libs/casework/cases/example.ts', `import { StaffService } from '../../staffing/staff/staff.service';\nexport const s = StaffService;\n`);
    expect(deep.map((m) => m.ruleId)).toEqual(['boundaries/no-deep-import']);
    expect(deep[0].message).toContain("import what it exports from '@staffing'");

    const relative = lint('libs/casework/cases/example.ts', `import { StaffingModule } from '../../staffing';\nexport const s = StaffingModule;\n`);
    expect(relative.map((m) => m.ruleId)).toEqual(['boundaries/no-deep-import']);

    expect(lint('libs/casework/cases/example.ts', `import { StaffingModule } from '@staffing';\nexport const s = StaffingModule;\n`)).toEqual([]);
    // The platform kernel's sub-paths are open to every module.
    expect(
      lint('libs/casework/cases/example.ts', `import { currentRequest } from '@platform/database/request-context';\nexport const r = currentRequest;\n`),
    ).toEqual([]);
  });

  it('refuses an import that closes a cycle between modules', () => {
    // casework already imports org; org importing casework back would close the cycle.
    const cycle = lint('libs/org/stations/example.ts', `import { CaseworkModule } from '@casework';\nexport const c = CaseworkModule;\n`);
    expect(cycle.map((m) => m.ruleId)).toEqual(['boundaries/no-module-cycle']);
    expect(cycle[0].message).toContain('org → casework');
  });

  it('refuses `any`', () => {
    const loose = lint('libs/stats/example.ts', `export function f(x: any): number {\n  return x;\n}\n`);
    expect(loose.map((m) => m.ruleId)).toEqual(['@typescript-eslint/no-explicit-any']);
    expect(lint('libs/stats/example.ts', `export function f(x: number): number {\n  return x;\n}\n`)).toEqual([]);
  });
});
