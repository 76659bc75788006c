import { ApiProperty } from '@nestjs/swagger';
import type { Exactly } from '../common/exactly';
import type { SavedView } from './saved-views.service';

const uuid = { type: String, format: 'uuid' } as const;

export class SavedViewResponse implements Exactly<SavedView, SavedViewResponse> {
  @ApiProperty(uuid)
  id!: string;

  @ApiProperty({ type: String, maxLength: 80 })
  name!: string;

  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, description: 'The order list query it opens.' })
  filters!: Record<string, string>;

  @ApiProperty({ ...uuid, nullable: true, description: 'The unit it is shared with; null: its owner’s alone.' })
  unitId!: string | null;

  @ApiProperty(uuid)
  ownerId!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: Date;
}

export class SavedViewListResponse implements Exactly<{ items: SavedView[] }, SavedViewListResponse> {
  @ApiProperty({ type: [SavedViewResponse] })
  items!: SavedViewResponse[];
}
