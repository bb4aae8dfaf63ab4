import { Injectable } from '@nestjs/common';
import { TmcHub, TmcMessage } from '../tmc/hub';
import { formatGmt8 } from '../wire/gmt8';
import { TopList, TopObject } from '../wire/render';
import { ApiCall, ApiGroup, ApiMethod, intParam, requiredParam } from './api';
import { topErrors } from './errors';

/** The HTTP way to read the same TMC queue as the WebSocket (§3.11 "HTTP polling"). */
@Injectable()
export class TmcApis implements ApiGroup {
  constructor(private readonly hub: TmcHub) {}

  methods(): ApiMethod[] {
    return [
      { name: 'taobao.tmc.messages.consume', needsSession: false, handle: (call) => this.consume(call) },
      { name: 'taobao.tmc.messages.confirm', needsSession: false, handle: (call) => this.confirm(call) },
    ];
  }

  private consume({ params, app }: ApiCall): TopObject {
    const group = params.group_name || 'default';
    const quantity = intParam(params, 'quantity', { min: 10, max: 200, fallback: 100 });
    let got: TmcMessage[] = [];
    this.hub.pull(
      {
        id: `http:${app.appKey}:${group}`,
        appKey: app.appKey,
        group,
        active: false,
        deliver: (m) => (got = m),
      },
      quantity,
    );
    const out: TopObject = {};
    if (got.length) {
      out.messages = new TopList(
        'tmc_message',
        got.map((m) => ({
          id: m.id,
          topic: m.topic,
          content: m.content,
          pub_time: formatGmt8(m.pubTime),
          pub_app_key: '12497914',
          user_id: m.userId,
          user_nick: m.nick,
        })),
      );
    }
    return out;
  }

  private confirm({ params, app }: ApiCall): TopObject {
    const ids = requiredParam(params, 's_message_ids')
      .split(',')
      .map((id) => id.trim())
      .filter(Boolean);
    if (ids.length > 200 || ids.some((id) => !/^\d+$/.test(id))) {
      throw topErrors.invalidParam('s_message_ids', 'at most 200 numeric ids');
    }
    this.hub.confirm(app.appKey, params.group_name || 'default', ids);
    return { is_success: true };
  }
}
