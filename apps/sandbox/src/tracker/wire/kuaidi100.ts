import { createHash } from 'node:crypto';

/** §5.3 vocabulary: main tracking states, the company codes the sandbox accepts, signs and times. */

export const STATE_NAMES: Record<number, string> = {
  0: '在途',
  1: '揽收',
  2: '疑难',
  3: '签收',
  4: '退签',
  5: '派件',
  6: '退回',
  7: '转投',
  8: '清关',
  14: '拒签',
};

export const TRACK_STATES = Object.keys(STATE_NAMES).map(Number);

/** States after which Kuaidi100 stops tracking (ischeck "1", push status "shutdown"). */
export const FINAL_STATES = new Set([3, 4]);

export const COMPANIES = [
  'shunfeng',
  'zhongtong',
  'yuantong',
  'shentong',
  'yunda',
  'ems',
  'jd',
  'jtexpress',
  'youzhengguonei',
  'debangkuaidi',
  'baishiwuliu',
  'huitongkuaidi',
  'zhaijisong',
] as const;

/** Upper-case hex MD5, as Kuaidi100 signs (query sign and our push sign). */
export function md5Upper(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('hex').toUpperCase();
}

const OFFSET_MS = 8 * 3600 * 1000;

/** Beijing time "yyyy-MM-dd HH:mm:ss". */
export function formatKuaidiTime(epochMs: number): string {
  return new Date(epochMs + OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}
