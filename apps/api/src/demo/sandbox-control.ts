/** A JSON call to the sandbox's control API (`/_sandbox/...`), which the demo drives like a test would. */
export async function sandboxControl<T = unknown>(
  base: string,
  method: 'POST' | 'PATCH',
  path: string,
  body: unknown,
): Promise<T> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`sandbox ${path} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}
