import { errorCode, errorFields, GqlResult, Row, spyOnRequestStatements, TestApp } from './support/test-app';

// The four-level tree and its stations, driven over HTTP against the demo city Jinan.

const NODE = `id parentId level code name`;
const STATION = `id orgUnitId name address floorAreaM2 openedOn operatingAgency functionRooms status`;

const ORG_UNIT = `query($id: ID!) { orgUnit(id: $id) { ${NODE} station { ${STATION} } } }`;
const ORG_UNITS = `query($filter: OrgUnitFilter, $page: PageInput) { orgUnits(filter: $filter, page: $page) { total items { ${NODE} } } }`;
const CHILDREN = `query($parentId: ID!, $page: PageInput) { orgUnitChildren(parentId: $parentId, page: $page) { total items { ${NODE} } } }`;
const STATION_Q = `query($id: ID!) { station(id: $id) { ${STATION} } }`;
const STATIONS = `query($filter: StationFilter, $page: PageInput) { stations(filter: $filter, page: $page) { total items { ${STATION} } } }`;
const CREATE_ORG_UNIT = `mutation($input: CreateOrgUnitInput!) { createOrgUnit(input: $input) { ${NODE} station { ${STATION} } } }`;
const UPDATE_ORG_UNIT = `mutation($id: ID!, $input: UpdateOrgUnitInput!) { updateOrgUnit(id: $id, input: $input) { ${NODE} } }`;
const CREATE_STATION = `mutation($orgUnitId: ID!, $input: StationInput!) { createStation(orgUnitId: $orgUnitId, input: $input) { ${STATION} } }`;
const UPDATE_STATION = `mutation($id: ID!, $input: StationInput!) { updateStation(id: $id, input: $input) { ${STATION} } }`;

/** A code of the demo tree nobody uses: see apps/cli/demo/jinan-tree.ts. */
const NEW_DISTRICT = '370199';

interface Node {
  id: string;
  parentId: string | null;
  level: string;
  code: string;
  name: string;
}

describe('the org tree and its stations', () => {
  let t: TestApp;
  const token: Record<string, string> = {};

  /** Row counts of the tree tables, read as the owner: proves a refused call wrote nothing. */
  const rowCounts = async () =>
    (
      await t.ownerQuery<{ units: number; stations: number }>(
        `select (select count(*)::int from org_unit) as units, (select count(*)::int from station) as stations`,
      )
    )[0];

  /** The codes of every node at or below `code` (including it). */
  const subtreeCodes = async (code: string) =>
    (
      await t.ownerQuery<{ code: string }>(
        `select o.code from org_unit o, org_unit root join tenant t on t.id = root.tenant_id
        where t.code = 'jinan' and root.code = $1 and o.tenant_id = root.tenant_id and o.path <@ root.path`,
        [code],
      )
    ).map((r) => r.code);

  /** Number of nodes at or below the node with this code, straight from SQL. */
  const subtreeSize = async (code: string) => (await subtreeCodes(code)).length;

  /** Expects the first error to be BAD_USER_INPUT naming exactly these fields. */
  const expectBadInput = (res: GqlResult, ...fields: string[]) => {
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    expect(errorFields(res)).toEqual(fields);
    expect(res.data ?? null).toBeNull();
  };

  beforeAll(async () => {
    t = await TestApp.start();
    for (const user of ['city.admin', 'lixia.officer', 'shizhong.officer', 'jfl.head', 'jfl.worker', 'lixia.supervisor']) {
      token[user] = await t.login(user);
    }
  });
  afterAll(() => t.close());

  describe('a city admin', () => {
    it('builds a branch with a station, reads it back in every way, and renames and updates it', async () => {
      const admin = token['city.admin'];
      const cityId = await t.nodeId('370100');
      expect(await t.ownerQuery(`select 1 from org_unit where code like $1`, [`${NEW_DISTRICT}%`])).toHaveLength(0);
      const before = await rowCounts();

      // District under the city, street (with its station) under it, community under the street.
      const { createOrgUnit: district } = await t.ok<{ createOrgUnit: Node & { station: null } }>(
        CREATE_ORG_UNIT,
        { input: { parentId: cityId, code: NEW_DISTRICT, name: '鹊华新区' } },
        admin,
      );
      expect(district).toMatchObject({ parentId: cityId, level: 'DISTRICT', code: NEW_DISTRICT, name: '鹊华新区', station: null });

      const stationInput = {
        name: '  鹊华街道社会工作服务站  ',
        address: '山东省济南市鹊华街道1号',
        floorAreaM2: 215.5,
        openedOn: '2023-05-20',
        operatingAgency: '济南市鹊华社会工作服务中心',
        functionRooms: ['CASE_ROOM', 'GROUP_ROOM', 'COUNSELLING_ROOM'],
        status: 'PLANNED',
      };
      const { createOrgUnit: street } = await t.ok(
        CREATE_ORG_UNIT,
        { input: { parentId: district.id, code: `${NEW_DISTRICT}001`, name: '鹊华街道', station: stationInput } },
        admin,
      );
      expect(street).toMatchObject({ parentId: district.id, level: 'STREET', code: '370199001', name: '鹊华街道' });
      expect(street.station).toEqual({
        ...stationInput,
        id: expect.any(String),
        orgUnitId: street.id,
        name: '鹊华街道社会工作服务站', // trimmed
      });

      const { createOrgUnit: community } = await t.ok(CREATE_ORG_UNIT, { input: { parentId: street.id, code: ' 370199001001 ', name: '鹊华社区' } }, admin);
      expect(community).toMatchObject({ parentId: street.id, level: 'COMMUNITY', code: '370199001001', station: null });
      expect(await rowCounts()).toEqual({ units: before.units + 3, stations: before.stations + 1 });

      // One node with its station.
      const read = await t.ok(ORG_UNIT, { id: street.id }, admin);
      expect(read.orgUnit).toEqual(street);
      const [stored] = await t.ownerQuery(
        `select s.floor_area_m2::text as area, s.opened_on::text as opened, s.org_path = o.path as same_path
           from station s join org_unit o on o.id = s.org_unit_id where o.code = '370199001'`,
      );
      expect(stored).toEqual({ area: '215.50', opened: '2023-05-20', same_path: true });

      // The district's children.
      const children = await t.ok(CHILDREN, { parentId: district.id }, admin);
      expect(children.orgUnitChildren).toEqual({
        total: 1,
        items: [{ id: street.id, parentId: district.id, level: 'STREET', code: '370199001', name: '鹊华街道' }],
      });

      // The subtree, whole and by level.
      const subtree = await t.ok(ORG_UNITS, { filter: { rootId: district.id } }, admin);
      expect(subtree.orgUnits.total).toBe(3);
      expect(subtree.orgUnits.items.map((n: Node) => n.code)).toEqual(['370199', '370199001', '370199001001']); // level, then code
      const communities = await t.ok(ORG_UNITS, { filter: { rootId: district.id, level: 'COMMUNITY' } }, admin);
      expect(communities.orgUnits.items.map((n: Node) => n.id)).toEqual([community.id]);

      // Search by part of the name, by the start of the code, and combined with a level.
      const byName = await t.ok(ORG_UNITS, { filter: { search: '鹊华' } }, admin);
      expect(byName.orgUnits.items.map((n: Node) => n.code)).toEqual(['370199', '370199001', '370199001001']);
      const byNameMiddle = await t.ok(ORG_UNITS, { filter: { search: '华街' } }, admin); // also 宝华街道 of 天桥区
      expect(byNameMiddle.orgUnits.items.map((n: Node) => n.code)).toEqual(['370105008', '370199001']);
      const byCode = await t.ok(ORG_UNITS, { filter: { search: '3701990' } }, admin);
      expect(byCode.orgUnits.items.map((n: Node) => n.code)).toEqual(['370199001', '370199001001']);
      // A code is matched from its start only: the middle of a code finds nothing.
      expect((await t.ok(ORG_UNITS, { filter: { search: '99001' } }, admin)).orgUnits.total).toBe(0);
      const byLevel = await t.ok(ORG_UNITS, { filter: { search: '鹊华', level: 'STREET' } }, admin);
      expect(byLevel.orgUnits.items.map((n: Node) => n.code)).toEqual(['370199001']);
      // LIKE wildcards in the search text are taken literally.
      expect((await t.ok(ORG_UNITS, { filter: { search: '%' } }, admin)).orgUnits.total).toBe(0);
      expect((await t.ok(ORG_UNITS, { filter: { search: '_' } }, admin)).orgUnits.total).toBe(0);
      // The level filter alone counts the whole city's districts, the new one included.
      const districts = await t.ok(ORG_UNITS, { filter: { level: 'DISTRICT' }, page: { limit: 100 } }, admin);
      const [{ n: districtCount }] = await t.ownerQuery(`select count(*)::int as n from org_unit where level = 2`);
      expect(districts.orgUnits.total).toBe(districtCount);
      expect(districts.orgUnits.items.every((n: Node) => n.level === 'DISTRICT')).toBe(true);
      expect(districts.orgUnits.items.map((n: Node) => n.code)).toContain(NEW_DISTRICT);

      // Rename: the name changes (trimmed), code and place in the tree stay.
      const renamed = await t.ok(UPDATE_ORG_UNIT, { id: district.id, input: { name: ' 鹊华区 ' } }, admin);
      expect(renamed.updateOrgUnit).toEqual({ ...district, name: '鹊华区', station: undefined });
      expect((await t.ok(ORG_UNIT, { id: district.id }, admin)).orgUnit.name).toBe('鹊华区');

      // updateStation replaces the record: fields left out become empty, status keeps its value when omitted.
      const updated = await t.ok(
        UPDATE_STATION,
        { id: street.station.id, input: { name: '鹊华街道社工站', floorAreaM2: 300.25, openedOn: '2024-02-29', functionRooms: ['OFFICE'] } },
        admin,
      );
      expect(updated.updateStation).toEqual({
        id: street.station.id,
        orgUnitId: street.id,
        name: '鹊华街道社工站',
        address: null,
        floorAreaM2: 300.25,
        openedOn: '2024-02-29',
        operatingAgency: null,
        functionRooms: ['OFFICE'],
        status: 'PLANNED',
      });
      expect((await t.ok(STATION_Q, { id: street.station.id }, admin)).station).toEqual(updated.updateStation);
      const activated = await t.ok(UPDATE_STATION, { id: street.station.id, input: { name: '鹊华街道社工站', status: 'ACTIVE' } }, admin);
      expect(activated.updateStation.status).toBe('ACTIVE');

      // createStation on the community, which has none; a second one on the same node is refused.
      const created = await t.ok(CREATE_STATION, { orgUnitId: community.id, input: { name: '鹊华社区社会工作室' } }, admin);
      expect(created.createStation).toEqual({
        id: expect.any(String),
        orgUnitId: community.id,
        name: '鹊华社区社会工作室',
        address: null,
        floorAreaM2: null,
        openedOn: null,
        operatingAgency: null,
        functionRooms: [],
        status: 'ACTIVE', // the default
      });
      expect((await t.ok(ORG_UNIT, { id: community.id }, admin)).orgUnit.station.id).toBe(created.createStation.id);
      const stationsBefore = (await rowCounts()).stations;
      const again = await t.gql(CREATE_STATION, { orgUnitId: community.id, input: { name: '第二个社会工作室' } }, admin);
      expectBadInput(again, 'orgUnitId');
      // A demo node already hosts its station: the same refusal.
      expectBadInput(await t.gql(CREATE_STATION, { orgUnitId: await t.nodeId('370102'), input: { name: '重复总站' } }, admin), 'orgUnitId');
      expect((await rowCounts()).stations).toBe(stationsBefore);
      expect(await t.ownerQuery(`select name from station where org_unit_id = $1`, [community.id])).toEqual([{ name: '鹊华社区社会工作室' }]);
    });
  });

  describe('paging', () => {
    it('returns the requested slice of a node’s children with the full total, and refuses a page over 100', async () => {
      const admin = token['city.admin'];
      const lixia = await t.nodeId('370102');
      const streets = Array.from({ length: 14 }, (_, i) => `370102${String(i + 1).padStart(3, '0')}`);
      const codes = (res: Row) => (res.orgUnitChildren.items as Node[]).map((n) => n.code);

      // Without a page: the first 20, here all 14, by code.
      const all = await t.ok(CHILDREN, { parentId: lixia }, admin);
      expect(all.orgUnitChildren.total).toBe(14);
      expect(codes(all)).toEqual(streets);

      const slice = await t.ok(CHILDREN, { parentId: lixia, page: { offset: 5, limit: 4 } }, admin);
      expect(slice.orgUnitChildren.total).toBe(14);
      expect(codes(slice)).toEqual(streets.slice(5, 9));

      // Pages of 5 cover the list exactly once.
      const pages = [];
      for (const offset of [0, 5, 10]) pages.push(...codes(await t.ok(CHILDREN, { parentId: lixia, page: { offset, limit: 5 } }, admin)));
      expect(pages).toEqual(streets);

      // limit 100 is the maximum; 101 and 0 fail validation, as does a negative offset.
      expect(codes(await t.ok(CHILDREN, { parentId: lixia, page: { limit: 100 } }, admin))).toEqual(streets);
      expectBadInput(await t.gql(CHILDREN, { parentId: lixia, page: { offset: 0, limit: 101 } }, admin), 'limit');
      expectBadInput(await t.gql(CHILDREN, { parentId: lixia, page: { limit: 0 } }, admin), 'limit');
      expectBadInput(await t.gql(CHILDREN, { parentId: lixia, page: { offset: -1 } }, admin), 'offset');
      // The same bounds apply to the other lists.
      expectBadInput(await t.gql(ORG_UNITS, { page: { limit: 101 } }, admin), 'limit');
      expectBadInput(await t.gql(STATIONS, { page: { limit: 101 } }, admin), 'limit');

      // Past the end: no items, the right total.
      for (const offset of [14, 1000]) {
        const past = await t.ok(CHILDREN, { parentId: lixia, page: { offset, limit: 10 } }, admin);
        expect(past.orgUnitChildren).toEqual({ total: 14, items: [] });
      }
      // The last, partial page.
      expect(codes(await t.ok(CHILDREN, { parentId: lixia, page: { offset: 12, limit: 10 } }, admin))).toEqual(streets.slice(12));
    });
  });

  describe('bad input', () => {
    it('answers BAD_USER_INPUT naming the field, and writes nothing', async () => {
      const admin = token['city.admin'];
      const city = await t.nodeId('370100');
      const lixia = await t.nodeId('370102');
      const jfl = await t.nodeId('370102001');
      const community = await t.nodeId('370102001001');
      const before = await rowCounts();

      const cases: [string, Record<string, unknown>, string][] = [
        ['letters in the code', { parentId: lixia, code: '37010200a', name: '字母街道' }, 'code'],
        ['a code of no valid length', { parentId: lixia, code: '3701020011', name: '十位街道' }, 'code'],
        ['a street-length code for a district', { parentId: city, code: '370199002', name: '错位区' }, 'code'],
        ['a community-length code for a street', { parentId: lixia, code: '370102099001', name: '错位街道' }, 'code'],
        ['a district-length code for a community', { parentId: jfl, code: '370102', name: '错位社区' }, 'code'],
        ['a district code ending in 00', { parentId: city, code: '370100', name: '同城区' }, 'code'],
        ['a district code of another city', { parentId: city, code: '370202', name: '青岛的区' }, 'code'],
        ['a street code not starting with its district', { parentId: lixia, code: '370103099', name: '越界街道' }, 'code'],
        ['a community code not starting with its street', { parentId: jfl, code: '370102002099', name: '越界社区' }, 'code'],
        ['a child under a community (level 5)', { parentId: community, code: '370102001001', name: '第五级' }, 'parentId'],
        ['a sibling’s code', { parentId: lixia, code: '370102001', name: '重复街道' }, 'code'],
        ['a district code already used', { parentId: city, code: '370103', name: '重复区' }, 'code'],
        ['a community code already used', { parentId: jfl, code: '370102001003', name: '重复社区' }, 'code'],
        ['an empty name', { parentId: lixia, code: '370102099', name: '' }, 'name'],
        ['a blank name', { parentId: lixia, code: '370102099', name: ' \t ' }, 'name'],
        ['a name over 100 characters', { parentId: lixia, code: '370102099', name: '长'.repeat(101) }, 'name'],
        ['a parent id that is no id', { parentId: 'not-a-uuid', code: '370102099', name: '无父' }, 'parentId'],
        ['a negative floor area', { parentId: lixia, code: '370102099', name: '负面积', station: { name: '站', floorAreaM2: -1 } }, 'station.floorAreaM2'],
        [
          'a floor area with 3 decimals',
          { parentId: lixia, code: '370102099', name: '小数', station: { name: '站', floorAreaM2: 1.005 } },
          'station.floorAreaM2',
        ],
        ['a blank station name', { parentId: lixia, code: '370102099', name: '无站名', station: { name: '  ' } }, 'station.name'],
        [
          'a function room twice',
          { parentId: lixia, code: '370102099', name: '重复室', station: { name: '站', functionRooms: ['OFFICE', 'OFFICE'] } },
          'station.functionRooms',
        ],
      ];
      for (const [label, input, field] of cases) {
        const res = await t.gql(CREATE_ORG_UNIT, { input }, admin);
        try {
          expectBadInput(res, field);
        } catch (e) {
          throw new Error(`${label}: ${(e as Error).message}\n${JSON.stringify(res)}`);
        }
      }
      expect(await rowCounts()).toEqual(before);

      // A date that is no calendar date fails while the variables are coerced, before any resolver runs:
      // BAD_USER_INPUT, with the path in the message (graphql-js reports no structured field here).
      for (const openedOn of ['2021-02-30', '2021-13-01', '21-3-1', 'yesterday']) {
        const viaNode = await t.gql(
          CREATE_ORG_UNIT,
          { input: { parentId: lixia, code: '370102099', name: '坏日期', station: { name: '站', openedOn } } },
          admin,
        );
        expect(errorCode(viaNode)).toBe('BAD_USER_INPUT');
        expect(viaNode.errors![0].message).toContain('input.station.openedOn');
        const viaStation = await t.gql(CREATE_STATION, { orgUnitId: community, input: { name: '站', openedOn } }, admin);
        expect(errorCode(viaStation)).toBe('BAD_USER_INPUT');
        expect(viaStation.errors![0].message).toContain('input.openedOn');
      }
      // updateStation and updateOrgUnit refuse bad input too, and change nothing.
      const jflStation = await t.stationId('370102001');
      const [stationBefore] = await t.ownerQuery(`select * from station where id = $1`, [jflStation]);
      expectBadInput(await t.gql(UPDATE_STATION, { id: jflStation, input: { name: '解放路', floorAreaM2: -0.5 } }, admin), 'floorAreaM2');
      expectBadInput(await t.gql(UPDATE_STATION, { id: jflStation, input: { name: '' } }, admin), 'name');
      expect(errorCode(await t.gql(UPDATE_STATION, { id: jflStation, input: { name: '解放路', openedOn: '2021-02-30' } }, admin))).toBe('BAD_USER_INPUT');
      expect(await t.ownerQuery(`select * from station where id = $1`, [jflStation])).toEqual([stationBefore]);
      expectBadInput(await t.gql(UPDATE_ORG_UNIT, { id: lixia, input: { name: '   ' } }, admin), 'name');
      expect(await t.ownerQuery(`select name from org_unit where id = $1`, [lixia])).toEqual([{ name: '历下区' }]);

      // An id argument that is no uuid at all is bad input naming the argument (not a database error).
      for (const [query, variables, field] of [
        [ORG_UNIT, { id: 'x' }, 'id'],
        [CHILDREN, { parentId: '370102' }, 'parentId'],
        [STATION_Q, { id: '1' }, 'id'],
        [UPDATE_ORG_UNIT, { id: 'x', input: { name: '改名' } }, 'id'],
        [CREATE_STATION, { orgUnitId: '370102', input: { name: '站' } }, 'orgUnitId'],
        [UPDATE_STATION, { id: 'x', input: { name: '站' } }, 'id'],
        [ORG_UNITS, { filter: { rootId: 'x' } }, 'rootId'],
        [STATIONS, { filter: { rootId: 'x' } }, 'rootId'],
      ] as const) {
        expectBadInput(await t.gql(query, variables, admin), field);
      }

      // A well-formed parent id that names no node is NOT_FOUND, not bad input.
      expect(
        errorCode(await t.gql(CREATE_ORG_UNIT, { input: { parentId: '00000000-0000-4000-8000-000000000000', code: '370102099', name: '无父' } }, admin)),
      ).toBe('NOT_FOUND');

      // A mutation with one bad field rolls back whole: its good sibling is not kept either.
      const twoAtOnce = await t.gql(
        `mutation($good: CreateOrgUnitInput!, $bad: CreateOrgUnitInput!) {
           good: createOrgUnit(input: $good) { id }
           bad: createOrgUnit(input: $bad) { id }
         }`,
        { good: { parentId: lixia, code: '370102098', name: '好街道' }, bad: { parentId: lixia, code: '370102001', name: '重复街道' } },
        admin,
      );
      expect(errorCode(twoAtOnce)).toBe('BAD_USER_INPUT');
      expect(errorFields(twoAtOnce)).toEqual(['code']);
      expect(await t.ownerQuery(`select 1 from org_unit where code = '370102098'`)).toHaveLength(0);

      expect(await rowCounts()).toEqual(before);
    });
  });

  describe('subtree scope', () => {
    const scopes = [
      {
        officer: 'lixia.officer',
        own: '370102',
        ownStreet: '370102001',
        ownStreetName: '解放路街道',
        other: '370103',
        otherStreet: '370103001',
        otherStreetName: '大观园',
      },
      {
        officer: 'shizhong.officer',
        own: '370103',
        ownStreet: '370103001',
        ownStreetName: '大观园街道',
        other: '370102',
        otherStreet: '370102001',
        otherStreetName: '解放路',
      },
    ];

    it.each(scopes)(
      '$officer sees its own district and nothing of $other',
      async ({ officer, own, ownStreet, ownStreetName, other, otherStreet, otherStreetName }) => {
        const me = token[officer];
        const ownId = await t.nodeId(own);
        const otherId = await t.nodeId(other);
        const otherCodes = new Set(await subtreeCodes(other));
        const ownSize = await subtreeSize(own);

        // Its own district, a street in it and that street's station.
        expect((await t.ok(ORG_UNIT, { id: ownId }, me)).orgUnit.code).toBe(own);
        expect((await t.ok(STATION_Q, { id: await t.stationId(ownStreet) }, me)).station.name).toBe(`${ownStreetName}社会工作服务站`);

        // The other district, its street and station: NOT_FOUND, the same answer as for an id that does not exist.
        for (const [query, id] of [
          [ORG_UNIT, otherId],
          [ORG_UNIT, await t.nodeId(otherStreet)],
          [STATION_Q, await t.stationId(other)],
          [STATION_Q, await t.stationId(otherStreet)],
          [CHILDREN, otherId],
        ] as const) {
          const res = await t.gql(query, query === CHILDREN ? { parentId: id } : { id }, me);
          expect(errorCode(res)).toBe('NOT_FOUND');
          expect(res.data).toBeNull();
        }
        // Nor the city above: its children cannot be listed, and neither can the other district's subtree.
        expect(errorCode(await t.gql(ORG_UNIT, { id: await t.nodeId('370100') }, me))).toBe('NOT_FOUND');
        expect(errorCode(await t.gql(CHILDREN, { parentId: await t.nodeId('370100') }, me))).toBe('NOT_FOUND');
        expect(errorCode(await t.gql(ORG_UNITS, { filter: { rootId: otherId } }, me))).toBe('NOT_FOUND');
        expect(errorCode(await t.gql(STATIONS, { filter: { rootId: otherId } }, me))).toBe('NOT_FOUND');

        // Everything it can list is its own subtree: exactly the district's size in SQL.
        const units = await t.ok(ORG_UNITS, { page: { limit: 100 } }, me);
        expect(units.orgUnits.total).toBe(ownSize);
        expect(units.orgUnits.items).toHaveLength(ownSize);
        expect(units.orgUnits.items.filter((n: Node) => otherCodes.has(n.code))).toEqual([]);
        expect(new Set(units.orgUnits.items.map((n: Node) => n.code))).toEqual(new Set(await subtreeCodes(own)));

        const stations = await t.ok(STATIONS, { page: { limit: 100 } }, me);
        const [{ n: ownStations }] = await t.ownerQuery(
          `select count(*)::int as n from station s, org_unit root where root.code = $1 and s.org_path <@ root.path`,
          [own],
        );
        expect(stations.stations.total).toBe(ownStations);
        const visibleNodes = new Set(units.orgUnits.items.map((n: Node) => n.id));
        expect(stations.stations.items.every((s: { orgUnitId: string }) => visibleNodes.has(s.orgUnitId))).toBe(true);

        // Searching for the other district's names or codes finds nothing.
        expect((await t.ok(ORG_UNITS, { filter: { search: otherStreetName } }, me)).orgUnits.total).toBe(0);
        expect((await t.ok(ORG_UNITS, { filter: { search: other } }, me)).orgUnits.total).toBe(0);
        expect((await t.ok(STATIONS, { filter: { search: otherStreetName } }, me)).stations.total).toBe(0);
        // The same searches do find the other district for the city admin: the nodes exist.
        expect((await t.ok(ORG_UNITS, { filter: { search: otherStreetName } }, token['city.admin'])).orgUnits.total).toBeGreaterThan(0);
        expect((await t.ok(STATIONS, { filter: { search: otherStreetName } }, token['city.admin'])).stations.total).toBeGreaterThan(0);
      },
    );
  });

  describe('roles without the right', () => {
    it('a district officer, social worker and supervisor may not build or change the tree', async () => {
      const lixia = await t.nodeId('370102');
      const jfl = await t.nodeId('370102001');
      const before = await rowCounts();
      const [namesBefore] = await t.ownerQuery(`select array_agg(name order by code) as names from org_unit`);
      const [stationsBefore] = await t.ownerQuery(`select array_agg(row_to_json(s)::text order by s.id) as rows from station s`);

      for (const user of ['lixia.officer', 'jfl.worker', 'lixia.supervisor']) {
        const me = token[user];
        // They can read where they are placed...
        expect((await t.ok(ORG_UNIT, { id: jfl }, me)).orgUnit.code).toBe('370102001');
        // ...but building and changing are refused outright, inside their own subtree too.
        for (const [query, variables] of [
          [CREATE_ORG_UNIT, { input: { parentId: lixia, code: '370102097', name: '越权街道' } }],
          [CREATE_ORG_UNIT, { input: { parentId: jfl, code: '370102001097', name: '越权社区', station: { name: '越权站' } } }],
          [UPDATE_ORG_UNIT, { id: jfl, input: { name: '改名街道' } }],
          [CREATE_STATION, { orgUnitId: jfl, input: { name: '越权站' } }],
          [UPDATE_STATION, { id: await t.stationId('370102001'), input: { name: '越权改名' } }],
        ] as const) {
          const res = await t.gql(query, variables, me);
          expect({ user, query, code: errorCode(res) }).toEqual({ user, query, code: 'FORBIDDEN' });
          expect(res.data).toBeNull();
        }
      }
      expect(await rowCounts()).toEqual(before);
      expect(await t.ownerQuery(`select array_agg(name order by code) as names from org_unit`)).toEqual([namesBefore]);
      expect(await t.ownerQuery(`select array_agg(row_to_json(s)::text order by s.id) as rows from station s`)).toEqual([stationsBefore]);
    });

    it('a station head updates its own station (and those below it) but builds nothing and cannot reach another station', async () => {
      const head = token['jfl.head'];
      const own = await t.stationId('370102001');
      const below = await t.stationId('370102001002');
      const qfs = await t.stationId('370102002');
      const before = await rowCounts();

      const input = {
        name: '解放路街道社会工作服务站',
        address: '历下区解放路 1 号',
        floorAreaM2: 210,
        openedOn: '2021-07-01',
        functionRooms: ['CASE_ROOM', 'OFFICE'],
        status: 'ACTIVE',
      };
      const updated = await t.ok(UPDATE_STATION, { id: own, input }, head);
      expect(updated.updateStation).toMatchObject({ id: own, ...input, operatingAgency: null });
      expect(await t.ownerQuery(`select address, floor_area_m2::float as area from station where id = $1`, [own])).toEqual([
        { address: '历下区解放路 1 号', area: 210 },
      ]);
      const belowUpdated = await t.ok(UPDATE_STATION, { id: below, input: { name: '羊头峪社区社会工作室', status: 'SUSPENDED' } }, head);
      expect(belowUpdated.updateStation.status).toBe('SUSPENDED');

      // Outside its subtree: the 千佛山 station does not exist for it.
      const [qfsBefore] = await t.ownerQuery(`select row_to_json(s)::text as row from station s where id = $1`, [qfs]);
      const outside = await t.gql(UPDATE_STATION, { id: qfs, input: { name: '越权改名' } }, head);
      expect(errorCode(outside)).toBe('NOT_FOUND');
      expect(errorCode(await t.gql(STATION_Q, { id: qfs }, head))).toBe('NOT_FOUND');
      expect(await t.ownerQuery(`select row_to_json(s)::text as row from station s where id = $1`, [qfs])).toEqual([qfsBefore]);

      // Building and renaming nodes, and creating stations, are not a station head's to do.
      const jfl = await t.nodeId('370102001');
      for (const [query, variables] of [
        [CREATE_ORG_UNIT, { input: { parentId: jfl, code: '370102001096', name: '站长的社区' } }],
        [UPDATE_ORG_UNIT, { id: jfl, input: { name: '站长改名' } }],
        [CREATE_STATION, { orgUnitId: jfl, input: { name: '第二个站' } }],
      ] as const) {
        expect(errorCode(await t.gql(query, variables, head))).toBe('FORBIDDEN');
      }
      expect(await rowCounts()).toEqual(before);
      expect(await t.ownerQuery(`select name from org_unit where id = $1`, [jfl])).toEqual([{ name: '解放路街道' }]);
    });

    it('a supervisor reads the stations it is assigned to, and no other', async () => {
      const supervisor = token['lixia.supervisor'];
      for (const code of ['370102001', '370102002', '370102002003']) {
        const res = await t.ok(STATION_Q, { id: await t.stationId(code) }, supervisor);
        expect(res.station.orgUnitId).toBe(await t.nodeId(code));
      }
      for (const code of ['370102003', '370102003001', '370102', '370103001']) {
        expect({ code, error: errorCode(await t.gql(STATION_Q, { id: await t.stationId(code) }, supervisor)) }).toEqual({ code, error: 'NOT_FOUND' });
      }
      // Its list holds exactly the two streets' subtrees.
      const [{ n }] = await t.ownerQuery(
        `select count(*)::int as n from station s, org_unit root where root.code in ('370102001', '370102002') and s.org_path <@ root.path`,
      );
      expect((await t.ok(STATIONS, { page: { limit: 100 } }, supervisor)).stations.total).toBe(n);
    });
  });

  describe('authentication', () => {
    it('refuses a request without a valid access token', async () => {
      const query = `{ orgUnits { total } }`;
      const [header, payload] = token['city.admin'].split('.');
      // The admin's token with its payload changed (another subject): the signature no longer matches.
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
      const forged = [
        header,
        Buffer.from(JSON.stringify({ ...claims, sub: '00000000-0000-4000-8000-000000000000' })).toString('base64url'),
        token['city.admin'].split('.')[2],
      ].join('.');
      const { login } = await t.ok(`mutation($input: LoginInput!) { login(input: $input) { refreshToken } }`, {
        input: { tenant: 'jinan', username: 'city.admin', password: 'Demo@2026jn' },
      });

      for (const [label, bearer] of [
        ['no token', undefined],
        ['garbage', 'garbage'],
        ['an altered token', forged],
        ['a refresh token', login.refreshToken],
      ] as const) {
        const res = await t.gql(query, {}, bearer);
        expect({ label, code: errorCode(res) }).toEqual({ label, code: 'UNAUTHENTICATED' });
        expect(res.data).toBeNull();
      }
      // A malformed Authorization header counts as none.
      const raw = await t.http.post('/graphql').set('authorization', `Token ${token['city.admin']}`).send({ query });
      expect(errorCode(raw.body)).toBe('UNAUTHENTICATED');

      // Nor may an anonymous caller write.
      const before = await rowCounts();
      const res = await t.gql(CREATE_ORG_UNIT, { input: { parentId: await t.nodeId('370100'), code: '370198', name: '匿名区' } });
      expect(errorCode(res)).toBe('UNAUTHENTICATED');
      expect(await rowCounts()).toEqual(before);
      // The same token, unaltered, works.
      expect((await t.ok(query, {}, token['city.admin'])).orgUnits.total).toBeGreaterThan(0);
    });
  });

  describe('N+1 guard', () => {
    it('lists nodes with their stations in a bounded number of SQL statements, whatever the page size', async () => {
      const admin = token['city.admin'];
      const query = `query($limit: Int!) { orgUnits(page: { limit: $limit }) { total items { code station { name } } } }`;
      await t.ok(query, { limit: 5 }, admin); // warm up: pool connections, caches

      /** The SQL the app sends to PostgreSQL while answering one request. */
      const statements = async (limit: number) => {
        const spy = spyOnRequestStatements();
        try {
          const data = await t.ok(query, { limit }, admin);
          const sql = spy.calls.map(([q]) => (typeof q === 'string' ? q : String((q as { text?: string }).text)));
          return { sql, count: sql.length, items: data.orgUnits.items as { code: string; station: { name: string } | null }[] };
        } finally {
          spy.mockRestore();
        }
      };

      const ten = await statements(10);
      const hundred = await statements(100);
      expect(ten.items).toHaveLength(10);
      expect(hundred.items).toHaveLength(100);
      // The stations really are loaded: every demo node has one.
      expect(
        hundred.items
          .filter((n) => n.station === null)
          .map((n) => n.code)
          .sort(),
      ).toEqual(
        (
          await t.ownerQuery<{ code: string }>(
            `select o.code from org_unit o where not exists (select 1 from station s where s.org_unit_id = o.id) and o.code = any($1)`,
            [hundred.items.map((n) => n.code)],
          )
        )
          .map((r) => r.code)
          .sort(),
      );
      expect(hundred.items.find((n) => n.code === '370102')?.station?.name).toBe('历下区社会工作服务总站');
      expect(ten.count).toBeLessThanOrEqual(12);
      expect(hundred.count).toBe(ten.count);
      // The stations of a whole page come in one batched statement.
      const stationReads = (sql: string[]) => sql.filter((q) => /\bfrom station\b/.test(q));
      expect(stationReads(ten.sql)).toHaveLength(1);
      expect(stationReads(hundred.sql)).toHaveLength(1);
    });
  });
});
