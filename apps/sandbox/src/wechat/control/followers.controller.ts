import {
  Body,
  Controller,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  Patch,
  Post,
  UsePipes,
} from '@nestjs/common';
import { controlPipe } from '../../shared/control';
import { Follower, OfficialAccount } from '../state/model';
import { WechatStore } from '../state/store';
import { FollowerActions } from './actions';
import {
  ClickDto,
  CreateFollowersDto,
  PushOptionsDto,
  SceneDto,
  TextDto,
  UpdateFollowerDto,
  ViewDto,
} from './dto';
import { DeliveryView, deliveryView, FollowerView, followerView } from './views';

/**
 * `/_sandbox/wechat/accounts/:appId/followers`: WeChat users of an account and what they do. Each action answers
 * with the push's delivery once it is finished (or at once, pending, with `wait: false`).
 */
@Controller('_sandbox/wechat/accounts/:appId/followers')
@UsePipes(controlPipe)
export class FollowersController {
  constructor(
    private readonly store: WechatStore,
    private readonly actions: FollowerActions,
  ) {}

  @Post()
  create(@Param('appId') appId: string, @Body() body: CreateFollowersDto): { followers: FollowerView[] } {
    this.account(appId);
    const followers: FollowerView[] = [];
    for (let i = 0; i < (body.count ?? 1); i += 1)
      followers.push(followerView(this.store.createFollower(appId, body)));
    return { followers };
  }

  @Get()
  list(@Param('appId') appId: string): { followers: FollowerView[] } {
    this.account(appId);
    return {
      followers: [...this.store.followers.values()].filter((f) => f.appId === appId).map(followerView),
    };
  }

  @Get(':openid')
  get(@Param('appId') appId: string, @Param('openid') openid: string): FollowerView {
    return followerView(this.follower(this.account(appId), openid));
  }

  @Patch(':openid')
  update(
    @Param('appId') appId: string,
    @Param('openid') openid: string,
    @Body() body: UpdateFollowerDto,
  ): FollowerView {
    const follower = this.follower(this.account(appId), openid);
    if (body.nickname !== undefined) follower.nickname = body.nickname;
    if (body.blocksTemplates !== undefined) follower.blocksTemplates = body.blocksTemplates;
    return followerView(follower);
  }

  @Post(':openid/text')
  @HttpCode(200)
  async text(
    @Param('appId') appId: string,
    @Param('openid') openid: string,
    @Body() body: TextDto,
  ): Promise<DeliveryView> {
    const account = this.account(appId);
    return deliveryView(
      await this.actions.text(account, this.follower(account, openid), body.content, body.wait),
    );
  }

  @Post(':openid/subscribe')
  @HttpCode(200)
  async subscribe(
    @Param('appId') appId: string,
    @Param('openid') openid: string,
    @Body() body: SceneDto,
  ): Promise<DeliveryView> {
    const account = this.account(appId);
    return deliveryView(await this.actions.subscribe(account, this.follower(account, openid), body));
  }

  @Post(':openid/unsubscribe')
  @HttpCode(200)
  async unsubscribe(
    @Param('appId') appId: string,
    @Param('openid') openid: string,
    @Body() body: PushOptionsDto,
  ): Promise<DeliveryView> {
    const account = this.account(appId);
    return deliveryView(await this.actions.unsubscribe(account, this.follower(account, openid), body.wait));
  }

  @Post(':openid/scan')
  @HttpCode(200)
  async scan(
    @Param('appId') appId: string,
    @Param('openid') openid: string,
    @Body() body: SceneDto,
  ): Promise<DeliveryView> {
    const account = this.account(appId);
    return deliveryView(await this.actions.scan(account, this.follower(account, openid), body));
  }

  @Post(':openid/click')
  @HttpCode(200)
  async click(
    @Param('appId') appId: string,
    @Param('openid') openid: string,
    @Body() body: ClickDto,
  ): Promise<DeliveryView> {
    const account = this.account(appId);
    return deliveryView(
      await this.actions.click(account, this.follower(account, openid), body.key, body.wait),
    );
  }

  @Post(':openid/view')
  @HttpCode(200)
  async view(
    @Param('appId') appId: string,
    @Param('openid') openid: string,
    @Body() body: ViewDto,
  ): Promise<DeliveryView> {
    const account = this.account(appId);
    const follower = this.follower(account, openid);
    return deliveryView(await this.actions.view(account, follower, body.url, body.menuId, body.wait));
  }

  private account(appId: string): OfficialAccount {
    const account = this.store.accounts.get(appId);
    if (!account) throw new NotFoundException(`no account ${appId}`);
    return account;
  }

  private follower(account: OfficialAccount, openid: string): Follower {
    const follower = this.store.followerOf(account.appId, openid);
    if (!follower) throw new NotFoundException(`no follower ${openid} of ${account.appId}`);
    return follower;
  }
}
