import { Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { DataSource } from 'typeorm';
import { DomainError } from '../common/domain-error';
import type { FieldError } from '../common/field-error';
import { toFieldErrors } from '../common/validation';
import { type Actor, hasRole } from '../identity/access/actor';
import { OrderQueryDto } from '../orders/orders.dto';
import { SaveViewDto, VIEW_FILTERS } from './saved-views.dto';

export interface SavedView {
  id: string;
  name: string;
  filters: Record<string, string>;
  /** The unit it is shared with; null: the owner's alone. */
  unitId: string | null;
  ownerId: string;
  createdAt: Date;
}

/** A person may keep at most this many views of their own, and a unit this many shared ones. */
const MAX_VIEWS = 50;

const COLUMNS = `id, name, filters, unit_id AS "unitId", owner_id AS "ownerId", created_at AS "createdAt"`;

/**
 * Saved queue views: the order list's query under a name, for oneself or shared with a unit one
 * delivers for. The filters are checked as the list checks them, so a saved view always opens.
 */
@Injectable()
export class SavedViews {
  constructor(private readonly db: DataSource) {}

  /** The caller's own views, then those shared with the units they deliver for. */
  async list(actor: Actor): Promise<{ items: SavedView[] }> {
    const units = actor.memberships.filter((m) => m.role === 'deliverer').map((m) => m.unitId);
    const items: SavedView[] = await this.db.query(
      `SELECT ${COLUMNS} FROM saved_views
        WHERE (owner_id = $1 AND unit_id IS NULL) OR unit_id = ANY($2::uuid[])
        ORDER BY unit_id IS NOT NULL, lower(name), created_at`,
      [actor.userId, units],
    );
    return { items };
  }

  async save(actor: Actor, dto: SaveViewDto): Promise<SavedView> {
    if (!dto.name.trim()) throw DomainError.validation([{ pointer: '/name', code: 'required', detail: 'must not be blank' }]);
    if (dto.unitId && !hasRole(actor, 'deliverer', dto.unitId)) {
      throw DomainError.validation([
        { pointer: '/unitId', code: 'notAllowed', detail: 'must be a unit you deliver for (a shared view is for its deliverers)' },
      ]);
    }
    await checkFilters(dto.filters);
    return this.db.transaction(async (m) => {
      const [{ n }] = await m.query(
        `SELECT count(*)::int AS n FROM saved_views WHERE ${dto.unitId ? 'unit_id = $1' : 'owner_id = $1 AND unit_id IS NULL'}`,
        [dto.unitId ?? actor.userId],
      );
      if (n >= MAX_VIEWS) {
        throw DomainError.validation([
          { pointer: '/name', code: 'maxItems', params: { max: MAX_VIEWS }, detail: `at most ${MAX_VIEWS} views` },
        ]);
      }
      const [view] = await m.query(
        `INSERT INTO saved_views (owner_id, unit_id, name, filters) VALUES ($1, $2, $3, $4) RETURNING ${COLUMNS}`,
        [actor.userId, dto.unitId ?? null, dto.name.trim(), JSON.stringify(dto.filters)],
      );
      return view as SavedView;
    });
  }

  /** Its owner removes it; a view shared with a unit may also be removed by that unit's managers. */
  async remove(actor: Actor, id: string): Promise<void> {
    const [view]: SavedView[] = await this.db.query(`SELECT ${COLUMNS} FROM saved_views WHERE id = $1`, [id]);
    const visible = view && (view.ownerId === actor.userId || (view.unitId !== null && actor.memberUnitIds.includes(view.unitId)));
    if (!visible) throw DomainError.notFound('View');
    const mayRemove = view.ownerId === actor.userId || (view.unitId !== null && hasRole(actor, 'manager', view.unitId));
    if (!mayRemove) throw new DomainError('forbidden', 'Only who saved a view, or a manager of the unit it is shared with, removes it.');
    await this.db.query('DELETE FROM saved_views WHERE id = $1', [id]);
  }
}

/** Every filter one the list takes, as text, with a value the list accepts: `/filters/<name>` otherwise. */
async function checkFilters(filters: Record<string, unknown>): Promise<void> {
  const errors: FieldError[] = [];
  for (const [name, value] of Object.entries(filters)) {
    if (!(VIEW_FILTERS as readonly string[]).includes(name)) {
      errors.push({
        pointer: `/filters/${name}`,
        code: 'unknownField',
        detail: `is not a filter of the order list (${VIEW_FILTERS.join(', ')})`,
      });
    } else if (typeof value !== 'string' || value.length > 200) {
      errors.push({ pointer: `/filters/${name}`, code: 'text', detail: 'must be text of at most 200 characters' });
    }
  }
  if (!errors.length) {
    const problems = await validate(plainToInstance(OrderQueryDto, filters), { whitelist: true });
    errors.push(...toFieldErrors(problems).map((e) => ({ ...e, pointer: `/filters${e.pointer}` })));
  }
  if (errors.length) throw DomainError.validation(errors);
}
