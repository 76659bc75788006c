import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { cleanDisplayName } from '../common/display-name';
import { DomainError, invalid } from '../common/domain-error';
import type { Actor } from './access/actor';
import { UnitEntity } from './entities/unit.entity';
import { CreateUnitDto } from './identity.dto';

export interface UnitView {
  id: string;
  name: string;
  kind: 'core' | 'support';
  code: string;
  parentId: string | null;
  version: number;
}

export function unitView(u: UnitEntity): UnitView {
  return { id: u.id, name: u.name, kind: u.kind, code: u.code, parentId: u.parentId, version: u.version };
}

@Injectable()
export class UnitsService {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** The organisation chart is not secret inside the deployment: every signed-in user sees it. */
  async list(): Promise<UnitView[]> {
    const units = await this.db.getRepository(UnitEntity).find({ order: { name: 'ASC' } });
    return units.map(unitView);
  }

  /** Every unit's name by id, in one light query, for pages that name the units on an order. */
  async names(): Promise<Map<string, string>> {
    const rows: Array<{ id: string; name: string }> = await this.db.query('SELECT id, name FROM units');
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  async get(id: string): Promise<UnitEntity> {
    const unit = await this.db.getRepository(UnitEntity).findOneBy({ id });
    if (!unit) throw DomainError.notFound('Unit');
    return unit;
  }

  async create(actor: Actor, dto: CreateUnitDto): Promise<UnitView> {
    return this.db.transaction(async (m) => {
      if (dto.parentId && !(await m.existsBy(UnitEntity, { id: dto.parentId }))) {
        throw invalid('/parentId', 'unknownReference', 'no unit with this id');
      }
      const code = dto.code ?? (await this.freeCode(m.getRepository(UnitEntity), dto.name));
      if (await m.existsBy(UnitEntity, { code })) throw invalid('/code', 'taken', `the code ${code} is taken`, { value: code });
      const unit = await m.save(
        m.create(UnitEntity, { name: cleanDisplayName(dto.name), kind: dto.kind, parentId: dto.parentId ?? null, code }),
      );
      await this.audit.record(m, {
        actorId: actor.userId,
        action: 'unit.created',
        entity: 'unit',
        entityId: unit.id,
        after: unitView(unit) as unknown as Record<string, unknown>,
      });
      return unitView(unit);
    });
  }

  /** First letters of the name, made unique with one or two trailing letters when taken. */
  private async freeCode(repo: ReturnType<DataSource['getRepository']>, name: string): Promise<string> {
    const letters = name.toUpperCase().replace(/[^A-Z]/g, '');
    const base = (letters.slice(0, 3) || 'UNT').padEnd(2, 'X');
    const taken = new Set((await repo.createQueryBuilder('u').select('u.code', 'code').getRawMany<{ code: string }>()).map((r) => r.code));
    if (!taken.has(base)) return base;
    const letters26 = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'];
    const candidates = [...letters26.map((a) => base + a), ...letters26.flatMap((a) => letters26.map((b) => base + a + b))];
    const free = candidates.find((code) => !taken.has(code));
    if (free) return free;
    throw invalid('/code', 'required', 'give the unit a code: every derived one is taken');
  }
}
