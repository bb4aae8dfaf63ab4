import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsDate,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { PageQuery } from '@tongdao/kernel';

const PHONE = /^1[3-9]\d{9}$/;
const LOGIN = /^[a-z][a-z0-9_.-]{2,39}$/;
const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/** Names are trimmed before storing, so "   " would become an empty name. */
const NotBlank = (): PropertyDecorator => Matches(/\S/, { message: '$property must not be blank' });

/**
 * Omitted is fine, null is not: class-validator's IsOptional also skips null, which would let `{"name": null}`
 * through to the services. Use IsOptional only where null means something (staff shopIds: all shops).
 */
const Omittable = (): PropertyDecorator =>
  ValidateIf((_object: object, value: unknown) => value !== undefined);

export class SignupDto {
  @ApiProperty({ example: 'Hangzhou Tea House' })
  @IsString()
  @Length(1, 100)
  @NotBlank()
  merchantName: string;

  @ApiProperty({ example: 'Flagship' })
  @IsString()
  @Length(1, 100)
  @NotBlank()
  shopName: string;

  @ApiProperty({ example: '13812345678', description: 'mainland mobile number; the owner logs in with it' })
  @IsString()
  @Matches(PHONE, { message: 'phone must be a mainland mobile number like 13812345678' })
  phone: string;

  @ApiProperty({ minLength: 8, maxLength: 72 })
  @IsString()
  @Length(8, 72)
  password: string;
}

export class LoginDto {
  @ApiProperty({ description: 'owner phone number or staff login name' })
  @IsString()
  @Length(1, 40)
  login: string;

  @ApiProperty()
  @IsString()
  @Length(1, 72)
  password: string;
}

export class CreateStaffDto {
  @ApiProperty()
  @IsString()
  @Length(1, 100)
  @NotBlank()
  name: string;

  @ApiProperty({ example: 'agent.li', description: 'unique on the platform; lower case' })
  @IsString()
  @Matches(LOGIN, { message: 'login must be 3-40 characters: a-z first, then a-z, 0-9, _ . -' })
  login: string;

  @ApiProperty({ minLength: 8, maxLength: 72 })
  @IsString()
  @Length(8, 72)
  password: string;

  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMaxSize(20)
  @Matches(ULID, { each: true, message: 'each roleId must be an id' })
  roleIds: string[];

  @ApiPropertyOptional({ type: [String], description: 'omit for all shops' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @Matches(ULID, { each: true, message: 'each shopId must be an id' })
  shopIds?: string[];
}

export class UpdateStaffDto {
  @ApiPropertyOptional()
  @Omittable()
  @IsString()
  @Length(1, 100)
  @NotBlank()
  name?: string;

  @ApiPropertyOptional({ type: [String] })
  @Omittable()
  @IsArray()
  @ArrayMaxSize(20)
  @Matches(ULID, { each: true, message: 'each roleId must be an id' })
  roleIds?: string[];

  @ApiPropertyOptional({ type: [String], nullable: true, description: 'null for all shops' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @Matches(ULID, { each: true, message: 'each shopId must be an id' })
  shopIds?: string[] | null;

  @ApiPropertyOptional({ enum: ['active', 'disabled'] })
  @Omittable()
  @IsIn(['active', 'disabled'])
  status?: 'active' | 'disabled';

  @ApiPropertyOptional({ minLength: 8, maxLength: 72 })
  @Omittable()
  @IsString()
  @Length(8, 72)
  password?: string;
}

export class CreateRoleDto {
  @ApiProperty({ example: 'night_shift' })
  @IsString()
  @Matches(/^[a-z][a-z0-9_]{1,39}$/, { message: 'code must be 2-40 characters of a-z, 0-9 and _' })
  code: string;

  @ApiProperty()
  @IsString()
  @Length(1, 100)
  @NotBlank()
  name: string;

  @ApiProperty({ type: [String], example: ['order.read', 'order.remark'] })
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(40, { each: true })
  permissions: string[];
}

export class UpdateRoleDto {
  @ApiPropertyOptional()
  @Omittable()
  @IsString()
  @Length(1, 100)
  @NotBlank()
  name?: string;

  @ApiPropertyOptional({ type: [String], description: 'replaces the whole list' })
  @Omittable()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(40, { each: true })
  permissions?: string[];
}

export class ShopDto {
  @ApiProperty()
  @IsString()
  @Length(1, 100)
  @NotBlank()
  name: string;
}

export class UpdateShopDto {
  @ApiPropertyOptional()
  @Omittable()
  @IsString()
  @Length(1, 100)
  @NotBlank()
  name?: string;

  @ApiPropertyOptional({ enum: ['active', 'closed'] })
  @Omittable()
  @IsIn(['active', 'closed'])
  status?: 'active' | 'closed';
}

export class UpdateMerchantDto {
  @ApiPropertyOptional()
  @Omittable()
  @IsString()
  @Length(1, 100)
  @NotBlank()
  name?: string;

  @ApiPropertyOptional({ description: 'largest refund a cs_supervisor may approve, in fen' })
  @Omittable()
  @IsInt()
  @Min(0)
  @Max(100_000_000_00)
  refundLimitFen?: number;
}

export class AuditLogQuery extends PageQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @Matches(ULID)
  actorStaffId?: string;

  @ApiPropertyOptional({ example: 'staff.create' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  action?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(40)
  targetType?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(64)
  targetId?: string;

  @ApiPropertyOptional({ description: 'ISO-8601, inclusive' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  from?: Date;

  @ApiPropertyOptional({ description: 'ISO-8601, exclusive' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  to?: Date;
}
