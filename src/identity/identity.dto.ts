import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  MaxLength,
  Max,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { CleanDisplayName } from '../common/display-name';
import { LANGUAGES, Language } from '../common/language';
import { MAX_VERSION, Optional } from '../common/validation';
import { MEMBERSHIP_ROLES, MembershipRole } from './access/actor';
import { MIN_PASSWORD_LENGTH } from './password-hasher';

export class LoginDto {
  @ApiProperty({ maxLength: 254, example: 'anna.requester@school.example' })
  @IsString()
  @MaxLength(254)
  email!: string;

  @ApiProperty({ maxLength: 1000 })
  @IsString()
  @MaxLength(1000)
  password!: string;
}

export class CreateUnitDto {
  @ApiProperty({ minLength: 1, maxLength: 200, example: 'Communications', description: 'Trimmed; control characters are removed.' })
  @CleanDisplayName()
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiProperty({ enum: ['core', 'support'] })
  @IsIn(['core', 'support'])
  kind!: 'core' | 'support';

  @ApiPropertyOptional({ format: 'uuid', description: 'Parent unit; omit for an organisation at the root.' })
  @IsOptional()
  @IsUUID()
  parentId?: string;

  @ApiPropertyOptional({
    pattern: '^[A-Z]{2,5}$',
    description: 'Reference prefix, 2–5 capitals; derived from the name when omitted.',
    example: 'COM',
  })
  @IsOptional()
  @Matches(/^[A-Z]{2,5}$/, { message: 'code must be 2 to 5 capital letters' })
  code?: string;
}

export class MembershipDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  unitId!: string;

  @ApiProperty({ enum: MEMBERSHIP_ROLES })
  @IsIn(MEMBERSHIP_ROLES)
  role!: MembershipRole;
}

export class CreateUserDto {
  @ApiProperty({ format: 'email', maxLength: 254 })
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @ApiProperty({ minLength: 1, maxLength: 200 })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiPropertyOptional({
    minLength: MIN_PASSWORD_LENGTH,
    maxLength: 1000,
    description: 'Omit for users who sign in only through SSO. One easy to guess is refused.',
  })
  @IsOptional()
  @IsString()
  @MinLength(MIN_PASSWORD_LENGTH)
  @MaxLength(1000)
  password?: string;

  @ApiPropertyOptional({ description: 'false when omitted.' })
  @IsOptional()
  @IsBoolean()
  isAdmin?: boolean;

  @ApiPropertyOptional({ description: 'true when omitted.' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ enum: LANGUAGES, description: 'Language of pages and mail; unset follows the browser.' })
  @IsOptional()
  @IsIn(LANGUAGES)
  language?: Language;

  @ApiProperty({ type: [MembershipDto], maxItems: 100 })
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => MembershipDto)
  memberships!: MembershipDto[];
}

export class UpdateUserDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, description: 'The version you read; a stale one is 409. Omitted: no check.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_VERSION)
  version?: number;

  @ApiPropertyOptional({ format: 'email', maxLength: 254 })
  @Optional()
  @IsEmail()
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({ minLength: 1, maxLength: 200 })
  @Optional()
  @IsString()
  @Length(1, 200)
  name?: string;

  @ApiPropertyOptional({ minLength: MIN_PASSWORD_LENGTH, maxLength: 1000, description: 'Revokes every session and token of the user.' })
  @IsOptional()
  @IsString()
  @MinLength(MIN_PASSWORD_LENGTH)
  @MaxLength(1000)
  password?: string;

  @ApiPropertyOptional()
  @Optional()
  @IsBoolean()
  isAdmin?: boolean;

  @ApiPropertyOptional({ description: 'false revokes every session and token of the user at once.' })
  @Optional()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ enum: LANGUAGES, description: 'Language of pages and mail; unset follows the browser.' })
  @IsOptional()
  @IsIn(LANGUAGES)
  language?: Language;

  @ApiPropertyOptional({ type: [MembershipDto], maxItems: 100, description: 'Replaces all memberships.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => MembershipDto)
  memberships?: MembershipDto[];
}

export class UpdateMeDto {
  @ApiProperty({ enum: LANGUAGES, description: 'Language of pages and mail.' })
  @IsIn(LANGUAGES)
  language!: Language;
}

export class SsoLinkDto {
  @ApiProperty({
    minLength: 1,
    maxLength: 500,
    description: 'The identity provider’s issuer, as in its tokens.',
    example: 'https://login.example',
  })
  @IsString()
  @Length(1, 500)
  issuer!: string;

  @ApiProperty({ minLength: 1, maxLength: 500, description: 'The person’s subject (`sub`) at that issuer.' })
  @IsString()
  @Length(1, 500)
  subject!: string;
}
