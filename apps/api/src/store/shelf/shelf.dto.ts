import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import { MAX_CART_QUANTITY } from '@tongdao/storefront';

export class CartQuantityDto {
  @ApiProperty({ minimum: 1, maximum: MAX_CART_QUANTITY, example: 2 })
  @IsInt()
  @Min(1)
  @Max(MAX_CART_QUANTITY)
  quantity: number;
}
