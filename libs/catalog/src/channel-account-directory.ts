import { Id, RequestContext } from '@tongdao/kernel';

export type ChannelType = 'taobao' | 'wechat' | 'weibo';
export const CHANNEL_TYPES: readonly ChannelType[] = ['taobao', 'wechat', 'weibo'];

export type ChannelAccountStatus = 'active' | 'needs_reauth' | 'disabled';

/** What the catalog needs to know about a channel account. */
export interface ChannelAccountRef {
  id: Id;
  type: ChannelType;
  shopId: Id;
  status: ChannelAccountStatus;
}

/**
 * Port: the core may not import libs/channels, so it states what it needs and libs/channels provides it
 * (ChannelsModule binds its implementation to this class). `get` throws NotFoundError for an id that is
 * not the tenant's.
 */
export abstract class ChannelAccountDirectory {
  abstract get(ctx: RequestContext, id: Id): Promise<ChannelAccountRef>;
}
