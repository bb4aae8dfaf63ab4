import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ProductView, ProductsService, SkuView, SkusService } from '@tongdao/catalog';
import { Page, RequestContext } from '@tongdao/kernel';
import { RequirePermissions } from '../../http/access.decorators';
import { Ctx } from '../../http/ctx.decorator';
import { CreateProductDto, CreateSkuDto, ProductListQuery, UpdateProductDto } from './catalog.dto';

@ApiTags('catalog')
@Controller('admin/v1/products')
export class ProductsController {
  constructor(
    private readonly products: ProductsService,
    private readonly skus: SkusService,
  ) {}

  @Get()
  @RequirePermissions('catalog.read')
  list(@Ctx() ctx: RequestContext, @Query() query: ProductListQuery): Promise<Page<ProductView>> {
    return this.products.list(ctx, query);
  }

  @Post()
  @RequirePermissions('catalog.manage')
  create(@Ctx() ctx: RequestContext, @Body() body: CreateProductDto): Promise<ProductView> {
    return this.products.create(ctx, body);
  }

  @Get(':id')
  @RequirePermissions('catalog.read')
  get(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<ProductView> {
    return this.products.get(ctx, id);
  }

  @Patch(':id')
  @RequirePermissions('catalog.manage')
  update(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Body() body: UpdateProductDto,
  ): Promise<ProductView> {
    return this.products.update(ctx, id, body);
  }

  @Post(':id/skus')
  @RequirePermissions('catalog.manage')
  createSku(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Body() body: CreateSkuDto,
  ): Promise<SkuView> {
    return this.skus.create(ctx, id, body);
  }
}
