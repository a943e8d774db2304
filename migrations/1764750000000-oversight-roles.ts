import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Two roles for the oversight modules: the third-party evaluator (评估机构), granted on the stations
 * of an evaluation round, and the work-order dispatcher (派单员) of a city or district, who sends
 * citizen requests down the tree. Both are refused everything until their modules grant it.
 */
export class OversightRoles1764750000000 implements MigrationInterface {
  name = 'OversightRoles1764750000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table role_assignment drop constraint ck_role_assignment_role`);
    await q.query(`
      alter table role_assignment add constraint ck_role_assignment_role
        check (role in ('CITY_ADMIN', 'DISTRICT_OFFICER', 'STATION_HEAD', 'SOCIAL_WORKER', 'SUPERVISOR', 'EVALUATOR', 'DISPATCHER'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`alter table role_assignment drop constraint ck_role_assignment_role`);
    await q.query(`
      alter table role_assignment add constraint ck_role_assignment_role
        check (role in ('CITY_ADMIN', 'DISTRICT_OFFICER', 'STATION_HEAD', 'SOCIAL_WORKER', 'SUPERVISOR'))`);
  }
}
