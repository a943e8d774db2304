import { Client } from 'pg';
import { makeIdentityNumber } from '@platform/personal-data/identity-number';

const SURNAMES =
  '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段';
const GIVEN = [
  '晓燕',
  '海涛',
  '丽娟',
  '建军',
  '静',
  '磊',
  '婷婷',
  '志强',
  '雪梅',
  '鹏',
  '欣怡',
  '浩然',
  '慧敏',
  '俊杰',
  '雅琴',
  '文博',
  '佳怡',
  '明',
  '秀英',
  '子涵',
];

/** A small deterministic generator, so every demo install has the same people. */
function generator(seed: number) {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x / 2147483648;
  };
}

function day(offsetDays: number, from = '2022-01-01'): string {
  const d = new Date(`${from}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + offsetDays);
  return d.toISOString().slice(0, 10);
}

/**
 * Rosters for the street/town stations: 2–5 people each (about 570 in all, like Jinan's 571
 * professional social workers), most certified, so that some stations fall short of the rule.
 * Joins are filed with the bureau, except a few recent ones left overdue.
 */
export async function seedDemoRosters(c: Client, tenantId: string, stations: { id: string; path: string; code: string }[]): Promise<number> {
  const random = generator(20211231);
  let people = 0;
  for (const station of stations) {
    const size = 2 + Math.floor(random() * 4);
    for (let i = 0; i < size; i++) {
      people += 1;
      const birth = day(Math.floor(random() * 9000), '1970-01-01');
      const start = day(Math.floor(random() * 900));
      const recent = people % 40 === 0;
      const startDate = recent ? new Date(Date.now() - 20 * 86400000).toISOString().slice(0, 10) : start;
      // In this order, so the random sequence (and every other demo figure) stays what it was.
      const name = SURNAMES[Math.floor(random() * SURNAMES.length)] + GIVEN[Math.floor(random() * GIVEN.length)];
      const gender = random() < 0.7 ? 'FEMALE' : 'MALE';
      // The sequence's last digit records the sex: odd for a man, even for a woman.
      const sequence = 100 + 2 * (people % 450) + (gender === 'MALE' ? 1 : 0);
      const { rows } = await c.query<{ id: string }>(
        `insert into staff_member (tenant_id, station_id, org_path, name, gender, phone, id_number, education, employment_type, position, employer_agency, start_date)
         values ($1, $2, $3::ltree, $4, $5, $6, $7, $8, $9, $10, '济南市社会工作服务中心', $11) returning id`,
        [
          tenantId,
          station.id,
          station.path,
          name,
          gender,
          `1${String(3000000000 + people * 7919).slice(0, 10)}`,
          makeIdentityNumber(station.code.slice(0, 6), birth, String(sequence)),
          random() < 0.6 ? 'BACHELOR' : random() < 0.5 ? 'ASSOCIATE' : 'MASTER',
          random() < 0.9 ? 'FULL_TIME' : 'PART_TIME',
          i === 0 ? 'STATION_HEAD' : 'SOCIAL_WORKER',
          startDate,
        ],
      );
      if (random() < 0.72) {
        await c.query(
          `insert into staff_certificate (tenant_id, staff_id, org_path, level, number, issued_on)
           values ($1, $2, $3::ltree, $4, $5, $6)`,
          [
            tenantId,
            rows[0].id,
            station.path,
            random() < 0.8 ? 'ASSISTANT_SOCIAL_WORKER' : 'SOCIAL_WORKER',
            `JN${2020 + (people % 4)}${String(people).padStart(6, '0')}`,
            day(-Math.floor(random() * 700), startDate),
          ],
        );
      }
      await c.query(
        `insert into staff_filing (tenant_id, station_id, staff_id, org_path, kind, change_date, due_on, filed_on)
         values ($1, $2, $3, $4::ltree, 'JOIN', $5::date, $5::date + 7, case when $6 then null else $5::date + 3 end)`,
        [tenantId, station.id, rows[0].id, station.path, startDate, recent],
      );
    }
  }
  return people;
}
