/**
 * Months of realistic records for the demo city's stations (filled in by the next phase). Returns
 * whether it wrote anything.
 */
export async function seedDemoRecords(_ownerUrl: string): Promise<boolean> {
  return false;
}
