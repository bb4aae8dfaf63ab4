import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';

/** A built Tongdao or sandbox process started for a benchmark, stopped with `stop()`. */
export interface Started {
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Starts `dist/apps/<app>/src/main.js` with these env vars; its stderr is passed through when it fails. */
export function startBuilt(
  app: 'api' | 'worker' | 'sandbox' | 'cli',
  env: Record<string, string>,
  args: string[] = [],
): Started {
  const child = spawn(process.execPath, [`dist/apps/${app}/src/main.js`, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  child.once('exit', (code) => {
    if (code && code !== 0) console.error(`${app} exited with ${code}:\n${stderr}`);
  });
  return {
    child,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

/** Runs a built command to completion (the migrations); throws with its stderr when it fails. */
export async function runBuilt(app: 'cli', args: string[], env: Record<string, string>): Promise<void> {
  const started = startBuilt(app, env, args);
  const [code] = (await once(started.child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`${app} ${args.join(' ')} failed with ${code}`);
}

/** Polls `url` until it answers 200 (or the process dies, or 60 s pass). */
export async function waitUp(url: string, started: Started): Promise<void> {
  const until = Date.now() + 60_000;
  while (Date.now() < until) {
    if (started.child.exitCode !== null) throw new Error(`${url}: the process exited`);
    try {
      if ((await fetch(url)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not come up`);
}
