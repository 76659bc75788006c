import { Global, Injectable, Module } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { FieldError } from '../common/field-error';

/** The person being exported or erased, as identity knew them before the erasure. */
export interface DataSubject {
  userId: string;
  email: string;
  name: string;
}

/** What a module removed from orders past their retention limit, by kind (for the dry run and the log). */
export type RetentionCounts = Record<string, number>;

/**
 * What one module holds about people, in its own tables and its own words. Each module that
 * owns a table with personal data registers one holder; the privacy module asks them all, so
 * it never reads or writes another module's tables (docs/privacy.md is the record of them).
 */
export interface PersonalDataHolder {
  /** Table → the columns in it that name or point at a person (the schema test holds this against the database). */
  readonly tables: Readonly<Record<string, readonly string[]>>;
  /** The person's data as sections of the export (nothing of anybody else). */
  exportOf(m: EntityManager, subject: DataSubject): Promise<Record<string, unknown>>;
  /** The files the person uploaded, for the zip. */
  filesOf?(m: EntityManager, subject: DataSubject): Promise<Array<{ name: string; sha256: string }>>;
  /** Why erasing the person would break a record that must be kept (empty: nothing). */
  erasureBlockers?(m: EntityManager, subject: DataSubject): Promise<FieldError[]>;
  /** Removes or pseudonymises the person's data, in the erasure's transaction. */
  erase(m: EntityManager, subject: DataSubject): Promise<void>;
  /** Removes the personal data of these finished orders (retention), or counts it when `dryRun`. */
  retire?(m: EntityManager, orderIds: string[], dryRun: boolean): Promise<RetentionCounts>;
}

/** Where the holders register (in their module's `onModuleInit`), so no module imports privacy's services. */
@Injectable()
export class PersonalDataRegistry {
  private readonly registered: PersonalDataHolder[] = [];

  register(holder: PersonalDataHolder): void {
    this.registered.push(holder);
  }

  holders(): readonly PersonalDataHolder[] {
    return this.registered;
  }

  /** Every table a holder answers for, with its person columns. */
  tables(): Map<string, readonly string[]> {
    const tables = new Map<string, readonly string[]>();
    for (const holder of this.registered) for (const [table, columns] of Object.entries(holder.tables)) tables.set(table, columns);
    return tables;
  }
}

@Global()
@Module({ providers: [PersonalDataRegistry], exports: [PersonalDataRegistry] })
export class PersonalDataModule {}
