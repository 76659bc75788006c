import { ApiProperty } from '@nestjs/swagger';

/** What the route did with the mail (for the MTA's log; the MTA needs only the 202). */
export class InboundMailReceipt {
  @ApiProperty({
    enum: ['message', 'draft', 'refused', 'automatic', 'duplicate'],
    description:
      '`message`: a reply became a message on the order; `draft`: an order by mail started a draft; `refused`: nothing was made (the sender is told, at most once a day); `automatic`: an auto-reply, bounce or list mail, ignored; `duplicate`: this Message-ID was taken before.',
  })
  outcome!: 'message' | 'draft' | 'refused' | 'automatic' | 'duplicate';

  @ApiProperty({ type: 'string', nullable: true, description: 'Why, for `refused` and `automatic`.' })
  reason!: string | null;
}
