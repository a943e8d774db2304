/** Administrative division codes (统计用区划代码) by tree level: city and district 6 digits, street 9, community 12. */
export const CODE_LENGTH: Record<number, number> = { 1: 6, 2: 6, 3: 9, 4: 12 };

/** The part of a parent's code every child code must start with: a city's province+city digits, else the whole code. */
export function childCodePrefix(parentLevel: number, parentCode: string): string {
  return parentLevel === 1 ? parentCode.slice(0, 4) : parentCode;
}

/** Why `code` cannot identify a node at `level` under a parent with `parentCode`, or undefined if it can. */
export function divisionCodeProblem(level: number, code: string, parent?: { level: number; code: string }): string | undefined {
  const length = CODE_LENGTH[level];
  if (!length) return `level ${level} does not exist; the tree has levels 1 to 4`;
  if (!new RegExp(`^[0-9]{${length}}$`).test(code)) return `must be ${length} digits at this level`;
  if (level === 1 && !code.endsWith('00')) return 'a city code ends in 00';
  if (level === 2 && code.endsWith('00')) return 'a district code does not end in 00';
  if (parent) {
    const prefix = childCodePrefix(parent.level, parent.code);
    if (!code.startsWith(prefix)) return `must start with ${prefix}, the code of the parent ${parent.code}`;
    if (code === parent.code) return 'must differ from the parent code';
  }
  return undefined;
}
