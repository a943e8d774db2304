import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AccessService, Actor } from '@access';
import { Db } from '@platform/database/db';
import { BadInputError, NotFoundError } from '@platform/errors/domain-errors';
import { registerUniqueField } from '@platform/errors/unique-violations';
import { CertificateInput } from './dto/staff.input';
import { Certificate, CertificateLevel } from './staff.model';
import { StaffService } from './staff.service';

registerUniqueField('uq_staff_certificate_number', 'number', 'a certificate of this level with this number is already recorded');

interface CertificateRow {
  id: string;
  staff_id: string;
  level: CertificateLevel;
  number: string;
  issued_on: string;
  expires_on: string | null;
  org_path: string;
}

const COLUMNS = `id, staff_id, level, number, to_char(issued_on, 'YYYY-MM-DD') as issued_on,
  to_char(expires_on, 'YYYY-MM-DD') as expires_on, org_path::text as org_path`;

function toModel(r: CertificateRow): Certificate {
  return { id: r.id, staffId: r.staff_id, level: r.level, number: r.number, issuedOn: r.issued_on, expiresOn: r.expires_on, path: r.org_path };
}

@Injectable()
export class CertificateService {
  constructor(
    private readonly db: Db,
    private readonly access: AccessService,
    private readonly staff: StaffService,
  ) {}

  /** Certificates of each staff member, batched per request. */
  forStaff(staffId: string): Promise<Certificate[]> {
    return this.db.request
      .loader<string, Certificate[]>('staffing.certificates', async (ids) => {
        const rows = await this.db.query<CertificateRow>(`select ${COLUMNS} from staff_certificate where staff_id = any($1::uuid[]) order by issued_on`, [ids]);
        return ids.map((id) => rows.filter((r) => r.staff_id === id).map(toModel));
      })
      .load(staffId);
  }

  async add(actor: Actor, staffId: string, input: CertificateInput): Promise<Certificate> {
    const member = await this.staff.loadVisible(actor, staffId);
    this.access.assert(actor, 'update', 'StaffMember', { id: staffId, path: member.org_path });
    if (input.expiresOn && input.expiresOn < input.issuedOn) throw BadInputError.field('expiresOn', `must not be before the issue date ${input.issuedOn}`);
    await this.staff.lockStation(member.station_id);
    const id = randomUUID();
    const [row] = await this.db.query<CertificateRow>(
      `insert into staff_certificate (tenant_id, id, staff_id, org_path, level, number, issued_on, expires_on)
       values (app_tenant(), $1, $2, $3::ltree, $4, $5, $6, $7) returning ${COLUMNS}`,
      [id, staffId, member.org_path, input.level, input.number, input.issuedOn, input.expiresOn ?? null],
    );
    return toModel(row);
  }

  async remove(actor: Actor, id: string): Promise<Certificate> {
    const [row] = await this.db.query<CertificateRow>(`select ${COLUMNS} from staff_certificate where id = $1`, [id]);
    if (!row) throw new NotFoundError('Certificate', id);
    this.access.assert(actor, 'update', 'StaffMember', { id: row.staff_id, path: row.org_path });
    const member = await this.staff.loadVisible(actor, row.staff_id);
    await this.staff.lockStation(member.station_id);
    await this.db.query(`delete from staff_certificate where id = $1`, [id]);
    return toModel(row);
  }
}
