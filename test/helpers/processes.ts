import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './stack.js';
import { waitFor } from './wait.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const MAIN = join(ROOT, 'dist', 'main.js');

/** A server process: the built app (`node dist/main.js`), as production runs it. */
export class ServerProcess {
  readonly output: string[] = [];
  readonly exited: Promise<number | null>;

  constructor(
    readonly proc: ChildProcess,
    readonly url: string | null,
  ) {
    proc.stdout?.on('data', (d: Buffer) => this.output.push(d.toString()));
    proc.stderr?.on('data', (d: Buffer) => this.output.push(d.toString()));
    this.exited = new Promise((resolve) => proc.once('exit', (code) => resolve(code)));
  }

  get log() {
    return this.output.join('');
  }

  /** Sends a signal and waits for the process to end; answers its exit code. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    if (this.proc.exitCode === null && this.proc.signalCode === null) this.proc.kill(signal);
    return this.exited;
  }
}

/**
 * Starts `node dist/main.js` with the test's environment and ROLE; resolves once it serves
 * /health (api, all) or says it is running (worker).
 */
export async function spawnServer(env: Record<string, string>, role: 'api' | 'worker' | 'all'): Promise<ServerProcess> {
  if (!existsSync(MAIN)) throw new Error('dist/main.js is missing: `npm test` builds it first (pretest), or run `npm run build`');
  const port = await freePort();
  const proc = spawn(process.execPath, [MAIN], {
    cwd: ROOT,
    env: { ...process.env, ...env, ROLE: role, PORT: String(port), PUBLIC_URL: env.PUBLIC_URL ?? `http://127.0.0.1:${port}`, HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const server = new ServerProcess(proc, role === 'worker' ? null : `http://127.0.0.1:${port}`);
  try {
    await waitFor(
      async () => {
        if (proc.exitCode !== null) throw new Error(`the ${role} process exited with ${proc.exitCode}:\n${server.log.slice(-3000)}`);
        if (server.url)
          return fetch(`${server.url}/health`).then(
            (r) => r.ok,
            () => false,
          );
        return server.log.includes('Appeals is running');
      },
      `the ${role} process to start`,
      { timeout: 30_000, interval: 100 },
    );
  } catch (e) {
    // a process that did not start in time is nobody's to stop: left running, its pipes would keep Jest from exiting
    await server.stop('SIGKILL');
    throw e;
  }
  return server;
}
