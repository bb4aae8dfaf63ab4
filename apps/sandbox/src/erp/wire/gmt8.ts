/** The ERP speaks Beijing time (GMT+8, no DST) as "yyyy-MM-dd HH:mm:ss"; the sandbox keeps epoch ms inside. */
const OFFSET_MS = 8 * 3600 * 1000;
const PATTERN = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

export function formatErpTime(epochMs: number): string {
  return new Date(epochMs + OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/** Strict: null unless the text is a real calendar time in that format. */
export function parseErpTime(text: string): number | null {
  const m = PATTERN.exec(text);
  if (!m) return null;
  const utc = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
  // A round trip catches 2024-02-31 and 25:00, which Date.UTC silently rolls over.
  return formatErpTime(utc - OFFSET_MS) === text ? utc - OFFSET_MS : null;
}
