import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  AuditEntryView,
  AuditQueryService,
  MerchantService,
  MerchantView,
  ShopView,
  ShopsService,
} from '@tongdao/identity';
import { Page, PageQuery, RequestContext } from '@tongdao/kernel';
import { Authenticated, RequirePermissions } from '../../http/access.decorators';
import { Ctx } from '../../http/ctx.decorator';
import { AuditLogQuery, ShopDto, UpdateMerchantDto, UpdateShopDto } from './identity.dto';

@ApiTags('identity')
@Controller('admin/v1/shops')
export class ShopsController {
  constructor(private readonly shops: ShopsService) {}

  @Get()
  @Authenticated()
  list(@Ctx() ctx: RequestContext, @Query() query: PageQuery): Promise<Page<ShopView>> {
    return this.shops.list(ctx, query);
  }

  @Post()
  @RequirePermissions('shop.manage')
  create(@Ctx() ctx: RequestContext, @Body() body: ShopDto): Promise<ShopView> {
    return this.shops.create(ctx, body);
  }

  @Get(':id')
  @Authenticated()
  get(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<ShopView> {
    return this.shops.get(ctx, id);
  }

  @Patch(':id')
  @RequirePermissions('shop.manage')
  update(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Body() body: UpdateShopDto,
  ): Promise<ShopView> {
    return this.shops.update(ctx, id, body);
  }
}

@ApiTags('identity')
@Controller('admin/v1')
export class MerchantController {
  constructor(
    private readonly merchants: MerchantService,
    private readonly auditLog: AuditQueryService,
  ) {}

  @Get('merchant')
  @Authenticated()
  get(@Ctx() ctx: RequestContext): Promise<MerchantView> {
    return this.merchants.get(ctx);
  }

  @Patch('merchant')
  @RequirePermissions('settings.manage')
  update(@Ctx() ctx: RequestContext, @Body() body: UpdateMerchantDto): Promise<MerchantView> {
    return this.merchants.update(ctx, body);
  }

  @Get('audit-log')
  @RequirePermissions('audit.read')
  audit(@Ctx() ctx: RequestContext, @Query() query: AuditLogQuery): Promise<Page<AuditEntryView>> {
    return this.auditLog.list(ctx, query);
  }
}
