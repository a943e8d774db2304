/** The catalog a new city starts with: the four key service areas (四大重点) and common items. */
export const DEFAULT_CATALOG: { code: string; name: string; items: [string, string][] }[] = [
  {
    code: 'SOCIAL_ASSISTANCE',
    name: '社会救助',
    items: [
      ['SA_NEEDS', '困难群众需求评估'],
      ['SA_POLICY', '政策链接与申请协助'],
      ['SA_CARE', '特困人员探访关爱'],
    ],
  },
  {
    code: 'ELDERLY_CARE',
    name: '养老服务',
    items: [
      ['EC_VISIT', '居家探访与照护'],
      ['EC_GROUP', '老年人小组活动'],
      ['EC_HEALTH', '健康促进与防跌倒'],
    ],
  },
  {
    code: 'CHILD_WELFARE',
    name: '儿童关爱',
    items: [
      ['CW_LEFT_BEHIND', '留守儿童关爱'],
      ['CW_SAFETY', '儿童安全教育'],
      ['CW_STUDY', '课业辅导与成长陪伴'],
    ],
  },
  {
    code: 'COMMUNITY_GOVERNANCE',
    name: '社区治理',
    items: [
      ['CG_ORG', '社区社会组织培育'],
      ['CG_VOLUNTEER', '志愿服务'],
      ['CG_BUILDING', '社区营造与议事协商'],
    ],
  },
];

/** Inserts the default catalog for the tenant in the current settings, through any query function. */
export async function insertDefaultCatalog(query: (sql: string, params: unknown[]) => Promise<unknown>): Promise<void> {
  for (const [i, field] of DEFAULT_CATALOG.entries()) {
    await query(
      `with f as (insert into catalog_field (tenant_id, code, name, sort) values (app_tenant(), $1, $2, $3) returning id)
       insert into catalog_item (tenant_id, field_id, code, name, sort)
       select app_tenant(), f.id, i.code, i.name, i.sort from f, unnest($4::text[], $5::text[]) with ordinality as i(code, name, sort)`,
      [field.code, field.name, i, field.items.map(([c]) => c), field.items.map(([, n]) => n)],
    );
  }
}
