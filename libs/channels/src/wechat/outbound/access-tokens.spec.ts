import 'reflect-metadata';
import { MemoryWechatAccessTokens, WechatApp, cacheMs } from './access-tokens';

const app: WechatApp = { appId: 'wx1', appSecret: 's', apiBaseUrl: 'http://unused' };

/** The embedded default: no Redis, one process; the same no-stampede promise as the shared cache. */
describe('in-process access tokens', () => {
  function counting(): { fetches: number; tokens: MemoryWechatAccessTokens } {
    const state = { fetches: 0, tokens: undefined as unknown as MemoryWechatAccessTokens };
    state.tokens = new MemoryWechatAccessTokens(async () => {
      state.fetches += 1;
      await new Promise((resolve) => setTimeout(resolve, 10));
      return { token: `T${state.fetches}`, expiresInSeconds: 7200 };
    });
    return state;
  }

  it('many first callers share one fetch', async () => {
    const s = counting();
    expect(await Promise.all([1, 2, 3, 4].map(() => s.tokens.current(app)))).toEqual([
      'T1',
      'T1',
      'T1',
      'T1',
    ]);
    expect(s.fetches).toBe(1);
  });

  it('a stale token is replaced once however many callers report it, and never again by a late report', async () => {
    const s = counting();
    const stale = await s.tokens.current(app);
    const fresh = await Promise.all([
      s.tokens.replace(app, stale),
      s.tokens.replace(app, stale),
      s.tokens.current(app),
      s.tokens.replace(app, stale),
    ]);
    expect(new Set(fresh.filter((t) => t !== stale))).toEqual(new Set(['T2']));
    expect(await s.tokens.replace(app, stale)).toBe('T2');
    expect(s.fetches).toBe(2);
  });

  it('caches a little shorter than WeChat keeps the token', () => {
    expect(cacheMs(7200)).toBe(6900_000);
    expect(cacheMs(100)).toBe(50_000);
  });
});
