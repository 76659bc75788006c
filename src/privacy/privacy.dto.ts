import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

export class EraseUserDto {
  @ApiProperty({
    minLength: 3,
    maxLength: 1000,
    description: 'Why the person is erased (kept in the audit log, without the name or e-mail it may mention).',
  })
  @IsString()
  @Length(3, 1000)
  reason!: string;
}
