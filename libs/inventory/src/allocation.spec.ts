import { AllocationRule, allocate, publishableQuantity, ruleFor } from './allocation';

const SKU = 'SKU00000000000000000000001';
const OTHER_SKU = 'SKU00000000000000000000002';
const TAOBAO = 'ACC00000000000000000000001';
const WEIBO = 'ACC00000000000000000000002';

function rule(fields: Partial<AllocationRule>): AllocationRule {
  return {
    id: 'R',
    skuId: null,
    channelAccountId: null,
    mode: 'share_all',
    percent: null,
    cap: null,
    buffer: 0,
    ...fields,
  };
}

describe('publishableQuantity', () => {
  it.each<[string, number, AllocationRule | null, number]>([
    ['no rule shares everything', 37, null, 37],
    ['no rule, nothing sellable', 0, null, 0],
    ['negative sellable (oversold pool) publishes 0', -5, null, 0],
    ['share_all', 10, rule({}), 10],
    ['share_all with buffer', 10, rule({ buffer: 3 }), 7],
    ['share_all, buffer larger than pool', 2, rule({ buffer: 3 }), 0],
    ['percentage 50 of 10', 10, rule({ mode: 'percentage', percent: 50 }), 5],
    ['percentage floors: 33% of 10', 10, rule({ mode: 'percentage', percent: 33 }), 3],
    ['percentage floors: 50% of 1', 1, rule({ mode: 'percentage', percent: 50 }), 0],
    ['percentage 100', 9, rule({ mode: 'percentage', percent: 100 }), 9],
    ['percentage 0', 9, rule({ mode: 'percentage', percent: 0 }), 0],
    ['percentage above 100 is clamped', 9, rule({ mode: 'percentage', percent: 150 }), 9],
    [
      'percentage of a huge pool stays exact',
      999_999_999,
      rule({ mode: 'percentage', percent: 7 }),
      69_999_999,
    ],
    ['percentage, buffer bites only when low', 100, rule({ mode: 'percentage', percent: 50, buffer: 5 }), 50],
    ['percentage, buffer bites when low', 6, rule({ mode: 'percentage', percent: 50, buffer: 5 }), 1],
    ['fixed cap below pool', 100, rule({ mode: 'fixed_cap', cap: 20 }), 20],
    ['fixed cap above pool', 5, rule({ mode: 'fixed_cap', cap: 20 }), 5],
    ['fixed cap 0 hides the SKU', 5, rule({ mode: 'fixed_cap', cap: 0 }), 0],
    ['fixed cap with buffer', 21, rule({ mode: 'fixed_cap', cap: 20, buffer: 2 }), 19],
    ['fixed cap, nothing sellable', 0, rule({ mode: 'fixed_cap', cap: 20 }), 0],
  ])('%s', (_name, sellable, r, expected) => {
    expect(publishableQuantity(sellable, r)).toBe(expected);
  });
});

describe('ruleFor', () => {
  const skuAndAccount = rule({ id: 'sku+acc', skuId: SKU, channelAccountId: TAOBAO });
  const skuOnly = rule({ id: 'sku', skuId: SKU });
  const accountOnly = rule({ id: 'acc', channelAccountId: TAOBAO });
  const weiboOnly = rule({ id: 'weibo', channelAccountId: WEIBO });

  it.each<[string, AllocationRule[], string, string, string | null]>([
    ['no rules', [], SKU, TAOBAO, null],
    ['SKU+account beats the rest', [accountOnly, skuOnly, skuAndAccount], SKU, TAOBAO, 'sku+acc'],
    ['SKU rule beats account rule', [accountOnly, skuOnly], SKU, TAOBAO, 'sku'],
    ['account rule applies to any SKU', [accountOnly], OTHER_SKU, TAOBAO, 'acc'],
    ['another SKU’s rule does not apply', [skuOnly], OTHER_SKU, TAOBAO, null],
    ['another account’s rule does not apply', [weiboOnly], SKU, TAOBAO, null],
    ['SKU+account rule does not leak to other accounts', [skuAndAccount], SKU, WEIBO, null],
  ])('%s', (_name, rules, skuId, accountId, expected) => {
    expect(ruleFor(rules, skuId, accountId)?.id ?? null).toBe(expected);
  });
});

describe('allocate', () => {
  it('gives each listing its own figure from one pool', () => {
    const rules = [
      rule({ id: 'weibo', channelAccountId: WEIBO, mode: 'percentage', percent: 30 }),
      rule({ id: 'taobao', channelAccountId: TAOBAO, buffer: 2 }),
    ];
    const result = allocate(
      SKU,
      10,
      [
        { listingId: 'L1', channelAccountId: TAOBAO },
        { listingId: 'L2', channelAccountId: WEIBO },
        { listingId: 'L3', channelAccountId: 'ACC00000000000000000000003' },
      ],
      rules,
    );
    expect(result.map((r) => [r.listingId, r.publishable, r.rule?.id ?? null])).toEqual([
      ['L1', 8, 'taobao'],
      ['L2', 3, 'weibo'],
      ['L3', 10, null],
    ]);
  });

  it('publishes nothing when there are no listings', () => {
    expect(allocate(SKU, 10, [], [])).toEqual([]);
  });
});
