import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, isUUID, IsString, Max, Min, MaxLength } from 'class-validator';
import { DomainError } from './domain-error';
import { isCalendarDate } from './validation';

/** `?limit=` (default 50, at most 200) and `?cursor=`, as every list takes them. */
export class PageQueryDto {
  // No `default` keyword: the catalog's list (a subclass) has none, and a subclass cannot drop it.
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 200, description: 'Items per page; 50 when omitted.' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional({ maxLength: 2048, description: 'The `nextCursor` of the previous page.' })
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export const DEFAULT_PAGE_SIZE = 50;

/** A timestamptz as PostgreSQL writes it as text, to the microsecond (a JS Date would round it). */
const CURSOR_TIME = /^(\d{4}-\d{2}-\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.\d{1,6})?[+-](\d{2})(?::(\d{2}))?$/;

/**
 * Only a time PostgreSQL itself could have written: a real day, a time of day and a zone offset
 * it reads back (at most 15:59). A tampered one that merely has the shape (`2026-02-30`, `+99`)
 * would otherwise reach the query and fail there.
 */
export function isCursorTime(text: string): boolean {
  const parts = CURSOR_TIME.exec(text);
  if (!parts) return false;
  const [, day, hour, minute, second, offsetHours, offsetMinutes = '00'] = parts;
  return isCalendarDate(day) && +hour < 24 && +minute < 60 && +second < 60 && +offsetHours <= 15 && +offsetMinutes < 60;
}

/** A cursor is the sort position of the last item given out, opaque to the client. */
export function encodeCursor(position: string[]): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

/** The position a cursor holds, or 400 when it is not one this API gave out. */
export function decodeCursor(cursor: string, parts: number): string[] {
  try {
    const position: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString());
    if (Array.isArray(position) && position.length === parts && position.every((p) => typeof p === 'string' && !p.includes('\0'))) {
      return position as string[];
    }
  } catch {
    // not ours: answered below
  }
  throw notOurCursor();
}

/** A cursor of (created_at as text, id), as lists newest first give out. */
export function decodeTimeCursor(cursor: string): [createdAt: string, id: string] {
  const [createdAt, id] = decodeCursor(cursor, 2);
  if (!isCursorTime(createdAt) || !isUUID(id)) throw notOurCursor();
  return [createdAt, id];
}

function notOurCursor(): DomainError {
  return DomainError.validation([{ pointer: '/cursor', code: 'cursor', detail: 'is not a cursor this API gave out' }]);
}

/** One page out of `limit + 1` rows read: the extra row says whether there is a next page. */
export function pageOf<T>(rows: T[], limit: number, positionOf: (last: T) => string[]): Page<T> {
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit && items.length ? encodeCursor(positionOf(items[items.length - 1])) : null };
}

const pageClasses = new Map<Function, Function>();

/**
 * The OpenAPI class of a page of `item`s (`{ items, nextCursor }`), one per item class, named
 * `<Item>Page` in the document. Use as `@ApiOkResponse({ type: PageOf(OrderSummary) })`.
 */
export function PageOf(item: Function): Function {
  let page = pageClasses.get(item);
  if (!page) {
    class ItemsPage {
      @ApiProperty({ type: item, isArray: true })
      items!: unknown[];

      @ApiProperty({ type: String, nullable: true, description: 'Pass as `?cursor=` for the next page; `null` on the last.' })
      nextCursor!: string | null;
    }
    Object.defineProperty(ItemsPage, 'name', { value: `${item.name}Page` });
    page = ItemsPage;
    pageClasses.set(item, page);
  }
  return page;
}
