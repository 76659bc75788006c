import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CatalogService } from '../catalog/catalog.service';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { FinishedOrder, OrdersPersonalData } from '../orders/orders-personal-data';
import { PersonalDataRegistry, RetentionCounts } from './personal-data';

export interface RetentionRun {
  dryRun: boolean;
  orders: FinishedOrder[];
  /** What was (or would be) removed, by kind, summed over the orders. */
  removed: RetentionCounts;
}

export interface RetentionOptions {
  now?: Date;
  dryRun?: boolean;
  batch?: number;
  /** Called after each batch with the orders done so far and all found (the dry run knows the total). */
  progress?: (done: number, total: number | null) => void;
}

/**
 * Retention: orders closed or cancelled longer ago than RETENTION_YEARS (or their service's
 * own limit) lose the personal data and files their modules hold; the orders themselves, their
 * status history and the report's facts stay, so the figures keep their counts. Nightly from
 * the job schedules; `npm run retention -- --dry-run` lists what it would remove.
 */
@Injectable()
export class RetentionService {
  private readonly logger = new Logger('Retention');

  constructor(
    private readonly db: DataSource,
    private readonly registry: PersonalDataRegistry,
    private readonly catalog: CatalogService,
    private readonly orders: OrdersPersonalData,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async run(options: RetentionOptions = {}): Promise<RetentionRun> {
    const now = options.now ?? new Date();
    const dryRun = options.dryRun ?? false;
    const batch = options.batch ?? 200;
    const overrides = await this.catalog.retentionOverrides();
    const result: RetentionRun = { dryRun, orders: [], removed: {} };
    if (this.config.retentionYears === null && overrides.size === 0) return result;
    if (dryRun) {
      // Nothing is marked, so the whole list is read once and counted batch by batch.
      const found = await this.orders.finishedBefore(this.db.manager, now, this.config.retentionYears, overrides, 1_000_000);
      for (let i = 0; i < found.length; i += batch) {
        const slice = found.slice(i, i + batch);
        await this.db.transaction(async (m) => this.add(result.removed, await this.retire(m, slice, true)));
        result.orders.push(...slice);
        options.progress?.(result.orders.length, found.length);
      }
      return result;
    }
    for (;;) {
      const done = await this.db.transaction(async (m) => {
        const slice = await this.orders.finishedBefore(m, now, this.config.retentionYears, overrides, batch);
        if (slice.length) this.add(result.removed, await this.retire(m, slice, false));
        return slice;
      });
      result.orders.push(...done);
      options.progress?.(result.orders.length, null);
      if (done.length < batch) break;
    }
    if (result.orders.length)
      this.logger.log(`removed the personal data of ${result.orders.length} finished order(s): ${JSON.stringify(result.removed)}`);
    return result;
  }

  private async retire(m: Parameters<OrdersPersonalData['retire']>[0], slice: FinishedOrder[], dryRun: boolean): Promise<RetentionCounts> {
    const ids = slice.map((o) => o.id);
    const counts: RetentionCounts = {};
    // The orders' own holder marks them, so it goes last.
    const holders = this.registry.holders().filter((h) => h.retire && h !== this.orders);
    for (const holder of [...holders, this.orders]) this.add(counts, (await holder.retire?.(m, ids, dryRun)) ?? {});
    return counts;
  }

  private add(into: RetentionCounts, counts: RetentionCounts): void {
    for (const [key, n] of Object.entries(counts)) into[key] = (into[key] ?? 0) + n;
  }
}
