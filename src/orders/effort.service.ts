import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '../identity/access/actor';
import { LogEffortDto } from './effort.dto';
import { OrderEffortEntity } from './entities/order-effort.entity';
import { OrderTransitions } from './order-transitions.service';

export type EffortEntry = Omit<OrderEffortEntity, 'order'>;

/**
 * The time an order took, logged by the delivering side in entries of minutes, from acceptance
 * on (a closed order too: the retrospective takes time). The lifecycle table decides who and
 * when (`log_effort`); the entry is audited and moves the report's facts like any annotation.
 */
@Injectable()
export class EffortService {
  constructor(
    private readonly db: DataSource,
    private readonly transitions: OrderTransitions,
  ) {}

  async log(actor: Actor, orderId: string, dto: LogEffortDto): Promise<EffortEntry> {
    return this.db.transaction(async (m) => {
      const { result } = await this.transitions.runFor(m, {
        actor,
        orderId,
        action: 'log_effort',
        apply: async () => {
          const entry = await m.save(
            m.create(OrderEffortEntity, { orderId, authorId: actor.userId, minutes: dto.minutes, note: dto.note?.trim() || null }),
          );
          const { order: _order, ...rest } = entry;
          return { result: rest as EffortEntry };
        },
        auditAfter: { minutes: dto.minutes },
      });
      return result;
    });
  }
}
