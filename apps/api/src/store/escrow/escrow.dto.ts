import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { PageQuery } from '@tongdao/kernel';
import { LEDGER_STATES, LedgerState } from '@tongdao/storefront';

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

export class LedgerQuery {
  @ApiPropertyOptional({ description: 'one shop; default: every shop the staff member covers' })
  @IsOptional()
  @Matches(ULID, { message: 'shopId must be a shop id' })
  shopId?: string;
}

export class LedgerEntriesQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'one shop; default: every shop the staff member covers' })
  @IsOptional()
  @Matches(ULID, { message: 'shopId must be a shop id' })
  shopId?: string;

  @ApiProperty({ enum: LEDGER_STATES })
  @IsIn(LEDGER_STATES)
  state: LedgerState;
}
