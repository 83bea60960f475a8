import { startApp, startStack, type RunningApp, type Stack } from './stack.js';
import type { Faults } from './smtp-server.js';

/**
 * An app's overrides of the stack's environment, or a function answering them: called in
 * beforeAll, once the stack is up (and `beforeApps` has run), for values known only then (a free
 * port, the stack's prefix, the URL of a server the test started).
 */
export type AppOverrides = Record<string, string> | ((stack: Stack) => Record<string, string> | Promise<Record<string, string>>);

interface Common {
  /** faults of the stack's SMTP server from the start (a test may change `stack.smtp.faults` later) */
  faults?: Faults;
  /** after the stack is up, before the apps start: servers of the test's own that the apps' overrides name */
  beforeApps?: (stack: Stack) => unknown;
  /** first thing in afterAll, before the apps stop: what the tests started that uses them (browsers, worker processes, apps of their own) */
  stopFirst?: () => unknown;
  /** after the apps have stopped, before the stack does (when the stack started): what `beforeApps` started */
  afterApps?: (stack: Stack) => unknown;
  /** timeout of the beforeAll and afterAll hooks, in ms (jest's testTimeout when absent) */
  timeout?: number;
}

/** The stack and one app: `app` (default: the stack's environment as is; `false`: no app). */
export interface OneApp extends Common {
  app?: AppOverrides;
  apps?: never;
}
export interface NoApp extends Common {
  app: false;
  apps?: never;
}
/** The stack and several apps by name, started in the order given and stopped in reverse (API and worker roles, two API processes…). */
export interface SeveralApps<Name extends string> extends Common {
  app?: never;
  apps: Record<Name, AppOverrides>;
}

/**
 * The stack of a describe block and its apps. The objects are the same from the moment
 * useStack() returns; their fields are filled in beforeAll. So a suite can destructure them once,
 * at describe time, and its tests read `stack.db`, `app.api`… as they did with variables assigned
 * in beforeAll.
 */
export interface StackHandle {
  readonly stack: Stack;
}
export interface StackHandleWithApp extends StackHandle {
  readonly app: RunningApp;
}
export interface StackHandleWithApps<Name extends string> extends StackHandle {
  readonly apps: Readonly<Record<Name, RunningApp>>;
}

/**
 * The set-up every e2e file does: in beforeAll, a stack of its own (startStack) and the app(s) on
 * it (startApp); in afterAll, the apps stopped, then the stack. Call it in a describe block (or at
 * the top of a file); a beforeAll the suite registers after it runs once the stack and apps are
 * up. Jest runs afterAll hooks in the order they were registered, so an afterAll of the suite's
 * would run after the stack is gone: what a suite must stop goes in `stopFirst` or `afterApps`.
 *
 *     const { stack, app } = useStack({ app: { FORM_MIN_FILL_SECONDS: '1' } });
 *     const t = useStack({ faults: { permfailRcpt: /^refuses\./ } });             // t.stack, t.app
 *     const { stack, apps: { api, worker } } = useStack({ apps: { api: { ROLE: 'api' }, worker: { ROLE: 'worker' } } });
 *     const { stack } = useStack({ app: false, stopFirst: () => Promise.all(processes.map((p) => p.stop('SIGKILL'))) });
 *
 * afterAll runs, in order: `stopFirst`, the apps (last started first), `afterApps`, the stack;
 * each step runs even when one before it failed (the first error is thrown at the end), and
 * nothing that did not start is stopped.
 */
export function useStack(options?: OneApp): StackHandleWithApp;
export function useStack(options: NoApp): StackHandle;
export function useStack<Name extends string>(options: SeveralApps<Name>): StackHandleWithApps<Name>;
export function useStack(options: OneApp | NoApp | SeveralApps<string> = {}): StackHandle & { app?: RunningApp; apps?: Record<string, RunningApp> } {
  const specs: Record<string, AppOverrides> = options.apps ?? (options.app === false ? {} : { app: options.app ?? {} });
  const stack = {} as Stack;
  const apps = Object.fromEntries(Object.keys(specs).map((name) => [name, {} as RunningApp]));
  let stackStarted = false;
  const started: RunningApp[] = [];

  beforeAll(async () => {
    fill(stack, await startStack(options.faults), 'startStack()');
    stackStarted = true;
    await options.beforeApps?.(stack);
    for (const [name, spec] of Object.entries(specs)) {
      const overrides = typeof spec === 'function' ? await spec(stack) : spec;
      started.push(fill(apps[name], await startApp(stack, overrides), `startApp() (${name})`));
    }
  }, options.timeout);

  afterAll(async () => {
    const errors: unknown[] = [];
    const step = async (fn: () => unknown) => {
      try {
        await fn();
      } catch (e) {
        errors.push(e);
      }
    };
    if (options.stopFirst) await step(options.stopFirst);
    for (const app of started.reverse()) await step(() => app.stop());
    if (stackStarted && options.afterApps) await step(() => options.afterApps?.(stack));
    if (stackStarted) await step(() => stack.stop());
    if (errors.length) throw errors[0];
  }, options.timeout);

  return options.apps ? { stack, apps } : options.app === false ? { stack } : { stack, app: apps.app };
}

/**
 * Copies what startStack/startApp answered into the object handed out at describe time. Both
 * answer plain objects whose methods close over their state (no `this`, no prototype): should
 * that change, this says so rather than hand out an object without its methods.
 */
function fill<T extends object>(target: T, value: T, what: string): T {
  if (Object.getPrototypeOf(value) !== Object.prototype) throw new Error(`useStack: ${what} no longer answers a plain object; copy it some other way`);
  return Object.assign(target, value);
}
