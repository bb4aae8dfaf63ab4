import { CompiledRule, matchRule, regexProblem } from './reply-matcher';
import { readPush } from './inbound-push';
import { parseWechatXml } from './wechat-xml';

const rule = (over: Partial<CompiledRule>): CompiledRule => ({
  id: over.id ?? 'r',
  matchType: 'contains',
  pattern: 'x',
  replyKind: 'text',
  replyText: 'ok',
  priority: 100,
  regex: null,
  ...over,
});

describe('keyword rules', () => {
  it('refuses regexes that can backtrack exponentially, and oversized or broken ones', () => {
    for (const bad of [
      '(a+)+',
      '(a*)*b',
      '(\\w+\\s?)*$',
      '((ab)+)+',
      '(x{1,}){2,}',
      '(a)\\1',
      '(',
      'x'.repeat(101),
    ])
      expect(regexProblem(bad)).not.toBeNull();
    for (const good of ['^搜(.+)$', '(ab)+', '(a|b)*c', '[(+*)]+', '订单\\d{6,20}', '\\(a+\\)+'])
      expect(regexProblem(good)).toBeNull();
  });

  it('matches by priority order: exact, contains (case-insensitive), regex with the first group as the term', () => {
    const rules = [
      rule({ id: 'exact', matchType: 'exact', pattern: 'Hi' }),
      rule({ id: 'regex', matchType: 'regex', pattern: '^搜(.+)$', regex: /^搜(.+)$/i }),
      rule({ id: 'contains', matchType: 'contains', pattern: '价格' }),
    ];
    expect(matchRule(rules, ' hi ')?.rule.id).toBe('exact');
    expect(matchRule(rules, 'hi there')).toBeNull();
    expect(matchRule(rules, '搜 毛衣')).toMatchObject({ rule: { id: 'regex' }, term: '毛衣' });
    expect(matchRule(rules, '毛衣价格多少')).toMatchObject({ rule: { id: 'contains' }, term: '毛衣 多少' });
  });
});

describe('push parsing', () => {
  it('reads §1.2 fields, dedup keys and QR scenes', () => {
    const subscribe = readPush(
      parseWechatXml(
        '<xml><ToUserName><![CDATA[gh_1]]></ToUserName><FromUserName><![CDATA[o1]]></FromUserName>' +
          '<CreateTime>1714037059</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[subscribe]]></Event>' +
          '<EventKey><![CDATA[qrscene_spring]]></EventKey><Ticket><![CDATA[t]]></Ticket></xml>',
      )!,
    );
    expect(subscribe).toMatchObject({
      event: 'subscribe',
      scene: 'spring',
      dedupKey: 'evt:o1:1714037059:subscribe',
    });
    expect(subscribe.sentAt.toISOString()).toBe('2024-04-25T09:24:19.000Z');
    const text = readPush(
      parseWechatXml(
        '<xml><ToUserName>gh_1</ToUserName><FromUserName>o1</FromUserName><CreateTime>1714037059</CreateTime>' +
          '<MsgType>text</MsgType><Content><![CDATA[a]]>]]&gt;</Content><MsgId>9223372036854775807</MsgId></xml>',
      )!,
    );
    expect(text.dedupKey).toBe('msg:9223372036854775807');
    expect(() => readPush({ ToUserName: 'gh' })).toThrow('lacks required');
  });

  it('refuses what is not a WeChat document', () => {
    for (const bad of [
      '',
      'success',
      '<xml><a>1</xml>',
      '<root><a>1</a></root>',
      '<!DOCTYPE x [<!ENTITY a "b">]><xml/>',
    ])
      expect(parseWechatXml(bad)).toBeUndefined();
  });
});
