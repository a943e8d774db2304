/** The service catalogue as grouped select options: field → items (active ones only). */
export function catalogOptions(fields: { id: string; name: string; items: { id: string; name: string; active: boolean }[] }[]) {
  return fields.map((f) => ({ label: f.name, options: f.items.filter((i) => i.active).map((i) => ({ value: i.id, label: i.name })) }));
}
