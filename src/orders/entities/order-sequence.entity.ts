import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Last reference number per support unit and year; incremented inside the order's transaction, so gap-free. */
@Entity('order_sequences')
export class OrderSequenceEntity {
  @PrimaryColumn('uuid')
  supportUnitId!: string;

  @PrimaryColumn('int')
  year!: number;

  @Column('int')
  last!: number;
}
