import { readTrackerPush } from './tracker-push';

const param = (body: unknown): string => JSON.stringify(body);

describe('readTrackerPush', () => {
  const push = {
    status: 'polling',
    message: '',
    lastResult: {
      state: '5',
      ischeck: '0',
      com: 'zhongtong',
      nu: 'ZT100',
      data: [
        {
          context: '[杭州] 派件中',
          time: '2026-11-21 09:00:00',
          ftime: '2026-11-21 09:00:00',
          status: '派件',
        },
        { context: '[杭州] 到达', time: '2026-11-20 20:00:00', status: '在途', statusCode: '1002' },
        { context: 'no time', status: '在途' },
      ],
    },
  };

  it('reads the state, and the history newest first in UTC, leaving out lines without a time', () => {
    const read = readTrackerPush(param(push));
    expect(read.status).toBe('polling');
    expect(read.state).toBe('out_for_delivery');
    expect(read.signed).toBe(false);
    expect(read.events.map((e) => [e.time.toISOString(), e.state])).toEqual([
      ['2026-11-21T01:00:00.000Z', 'out_for_delivery'],
      ['2026-11-20T12:00:00.000Z', 'in_transit'],
    ]);
  });

  it('refuses what is not a tracker push, naming the field', () => {
    for (const [text, field] of [
      ['not json', 'param'],
      ['[1]', 'param'],
      [param({ message: 'x' }), 'param.status'],
      [param({ status: 'polling', lastResult: 'x' }), 'param.lastResult'],
      [param({ status: 'polling', lastResult: { data: {} } }), 'param.lastResult.data'],
    ]) {
      expect(() => readTrackerPush(text)).toThrow(
        expect.objectContaining({
          code: 'invalid_tracker_push',
          details: [expect.objectContaining({ field })],
        }),
      );
    }
  });

  it('reads an abort without history', () => {
    const read = readTrackerPush(param({ status: 'abort', message: '3天查询无记录' }));
    expect(read).toMatchObject({ status: 'abort', message: '3天查询无记录', state: null, events: [] });
  });
});
