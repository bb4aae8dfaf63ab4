/** Buyer data as a cs_agent without customer.read_pii sees it. */
export function maskPhone(phone: string | null | undefined): string | null {
  if (!phone) return phone ?? null;
  const digits = phone.replace(/\s+/g, '');
  if (digits.length < 7) return '*'.repeat(digits.length);
  return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
}

/** Keeps province/city/district (needed to work the order), hides the street address. */
export function maskAddress(address: string | null | undefined): string | null {
  if (!address) return address ?? null;
  return address.length <= 2 ? '**' : `${address.slice(0, 2)}${'*'.repeat(Math.min(8, address.length - 2))}`;
}

/** 张三丰 → 张**; Zhang San → Z********. */
export function maskName(name: string | null | undefined): string | null {
  if (!name) return name ?? null;
  const chars = [...name];
  return chars[0] + '*'.repeat(Math.max(1, chars.length - 1));
}
