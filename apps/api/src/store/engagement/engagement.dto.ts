import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsDefined,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { PageQuery } from '@tongdao/kernel';
import {
  DEFAULT_PAYMENT_REQUEST_HOURS,
  MAX_REQUEST_LINES,
  MAX_REQUEST_QUANTITY,
  MAX_UNIT_PRICE_FEN,
  PaymentRequestState,
} from '@tongdao/storefront';
import { ReceiverDto } from '../checkout/checkout.dto';

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;
const REQUEST_STATES: PaymentRequestState[] = ['open', 'paid', 'expired', 'cancelled'];

export class PaymentRequestLineDto {
  @ApiProperty()
  @Matches(ULID, { message: 'skuId must be a SKU id' })
  skuId: string;

  @ApiProperty({ minimum: 1, maximum: MAX_REQUEST_QUANTITY })
  @IsInt()
  @Min(1)
  @Max(MAX_REQUEST_QUANTITY)
  quantity: number;

  @ApiProperty({
    minimum: 1,
    description: "the seller's price for this buyer, fen (the shelf price is not used)",
  })
  @IsInt()
  @Min(1)
  @Max(MAX_UNIT_PRICE_FEN)
  unitPriceFen: number;
}

export class CreatePaymentRequestDto {
  @ApiProperty({ description: "the buyer: a customer with an openid on the shop's WeChat account" })
  @Matches(ULID, { message: 'customerId must be a customer id' })
  customerId: string;

  @ApiProperty({ type: [PaymentRequestLineDto] })
  @ValidateNested({ each: true })
  @Type(() => PaymentRequestLineDto)
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_REQUEST_LINES)
  lines: PaymentRequestLineDto[];

  @ApiPropertyOptional({ maxLength: 200, example: '按您要求的规格留了货，请在两天内付款' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  note?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 168, default: DEFAULT_PAYMENT_REQUEST_HOURS })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(168)
  expiresInHours?: number;
}

export class PaymentRequestListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: REQUEST_STATES })
  @IsOptional()
  @IsIn(REQUEST_STATES)
  state?: PaymentRequestState;
}

export class PaymentRequestCheckoutDto {
  @ApiProperty({ type: ReceiverDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => ReceiverDto)
  receiver: ReceiverDto;

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  buyerMessage?: string;
}

export class CreateShareDto {
  @ApiPropertyOptional({ description: 'a product on the shop’s shelf; omit to share the shop' })
  @IsOptional()
  @Matches(ULID, { message: 'productId must be a product id' })
  productId?: string;
}
