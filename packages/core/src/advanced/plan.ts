/**
 * The branch model's operations are written once, as plans: generators that
 * yield the storage steps they need and receive each step's result. A store
 * runs a plan on its driver, synchronously (better-sqlite3, inside one SQLite
 * transaction) or asynchronously (a server connection), so the same rules run
 * on every store without an async layer where the driver has none.
 */

export type Awaitable<T> = T | PromiseLike<T>;

/** One storage step: a call on the store's driver. */
export type Step<D> = (driver: D) => Awaitable<unknown>;

/** A plan over driver `D` that produces `T`. */
export type Plan<T, D> = Generator<Step<D>, T, unknown>;

/** The step `call` on the driver, as a sub-plan: `const row = yield* use((d) => d.branch(id))`. */
export function* use<D, T>(call: (driver: D) => Awaitable<T>): Plan<T, D> {
  return (yield call as Step<D>) as T;
}

/** Every method of driver `D` as a sub-plan of the same name: `yield* db.branch(id)`. */
export type Steps<D> = {
  [K in keyof D]: D[K] extends (...args: infer A) => infer R ? (...args: A) => Plan<Awaited<R>, D> : never;
};

export function steps<D extends object>(): Steps<D> {
  return new Proxy({} as Steps<D>, {
    get(_, key) {
      return (...args: unknown[]) => use<D, unknown>((driver) => (driver as Record<PropertyKey, (...a: unknown[]) => unknown>)[key as string]!(...args));
    },
  });
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return value !== null && (typeof value === 'object' || typeof value === 'function') && typeof (value as { then?: unknown }).then === 'function';
}

/** Runs a plan on a synchronous driver; a step that returns a promise is a programming error. */
export function runSync<T, D>(plan: Plan<T, D>, driver: D): T {
  let next = plan.next();
  while (!next.done) {
    let result: unknown;
    try {
      result = next.value(driver);
    } catch (error) {
      next = plan.throw(error);
      continue;
    }
    if (isThenable(result)) throw new Error('a synchronous store driver returned a promise');
    next = plan.next(result);
  }
  return next.value;
}

/** Runs a plan on an asynchronous driver, one step at a time. */
export async function runAsync<T, D>(plan: Plan<T, D>, driver: D): Promise<T> {
  let next = plan.next();
  while (!next.done) {
    let result: unknown;
    try {
      result = await next.value(driver);
    } catch (error) {
      next = plan.throw(error);
      continue;
    }
    next = plan.next(result);
  }
  return next.value;
}
