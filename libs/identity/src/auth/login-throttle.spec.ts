import { AppConfig } from '@tongdao/config';
import { LoginThrottle, MemoryCounterStore } from './counter-store';

describe('LoginThrottle', () => {
  const config = {
    LOGIN_MAX_FAILURES_PER_ACCOUNT: 3,
    LOGIN_MAX_FAILURES_PER_IP: 5,
    LOGIN_LOCK_SECONDS: 100,
  } as AppConfig;
  let throttle: LoginThrottle;
  const at = (seconds: number): void => jest.setSystemTime(new Date(Date.UTC(2026, 0, 1) + seconds * 1000));

  beforeEach(() => {
    jest.useFakeTimers();
    at(0);
    throttle = new LoginThrottle(new MemoryCounterStore(), config);
  });
  afterEach(() => jest.useRealTimers());

  it('locks an account for the full lock time from the failure that reached the limit', async () => {
    await throttle.failed('Agent1', '10.0.0.1');
    at(90);
    await throttle.failed('agent1', '10.0.0.2');
    expect(await throttle.blockedFor('agent1', '10.0.0.3')).toBe(0);
    at(95);
    await throttle.failed('agent1', '10.0.0.3');
    expect(await throttle.blockedFor('AGENT1', '10.0.0.9')).toBe(100);
    at(150);
    expect(await throttle.blockedFor('agent1', null)).toBe(45);
    at(196);
    expect(await throttle.blockedFor('agent1', null)).toBe(0);
  });

  it('a success clears the account counter but not the address counter', async () => {
    for (let i = 0; i < 2; i++) await throttle.failed('agent1', '10.0.0.1');
    await throttle.succeeded('agent1');
    for (let i = 0; i < 2; i++) await throttle.failed('agent1', '10.0.0.1');
    expect(await throttle.blockedFor('agent1', '10.0.0.2')).toBe(0);
    await throttle.failed('someone.else', '10.0.0.1');
    expect(await throttle.blockedFor('fresh.account', '10.0.0.1')).toBe(100);
    expect(await throttle.blockedFor('fresh.account', '10.0.0.2')).toBe(0);
  });
});
