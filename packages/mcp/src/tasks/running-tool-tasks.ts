/**
 * The tasks running in this process, by task id: the hook that lets a cancel reach the upstream
 * call of a task. `tasks/cancel` handled here aborts it directly; a cancel that landed on another
 * replica reaches it through the store (the task notices its status turned `cancelled` at its
 * next progress tick) or, sooner, through a cancel registry that calls `abort(taskId)`.
 */
export interface RunningToolTasks {
  /** The AbortController of a task running in this process, or undefined. */
  controllerOf(taskId: string): AbortController | undefined;
  /** Aborts a task running in this process; false when it is not running here. */
  abort(taskId: string, reason?: string): boolean;
  /** The ids of the tasks running in this process. */
  ids(): string[];
  /**
   * Aborts every running task and waits (at most `timeoutInMs`) until each has stored its
   * outcome: for a server that is shutting down.
   */
  stopAll(reason: string, timeoutInMs?: number): Promise<void>;
  /** @internal Registers a task's controller and the promise that settles when it has ended. */
  add(taskId: string, controller: AbortController, done: Promise<unknown>): void;
}

interface Running {
  controller: AbortController;
  done: Promise<unknown>;
}

export function createRunningToolTasks(): RunningToolTasks {
  const running = new Map<string, Running>();
  return {
    controllerOf: (taskId) => running.get(taskId)?.controller,
    abort(taskId, reason = 'The task was cancelled.') {
      const entry = running.get(taskId);
      if (entry === undefined) return false;
      entry.controller.abort(new Error(reason));
      return true;
    },
    ids: () => [...running.keys()],
    async stopAll(reason, timeoutInMs = 5_000) {
      const entries = [...running.values()];
      for (const entry of entries) entry.controller.abort(new Error(reason));
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, timeoutInMs);
        timer.unref();
      });
      await Promise.race([Promise.allSettled(entries.map((entry) => entry.done)), timeout]);
      clearTimeout(timer);
    },
    add(taskId, controller, done) {
      running.set(taskId, { controller, done });
      void done.finally(() => {
        if (running.get(taskId)?.controller === controller) running.delete(taskId);
      });
    },
  };
}

const registries = new WeakMap<object, RunningToolTasks>();

/**
 * The running tasks of one runtime (one process usually has one): shared by every MCP server
 * built from it, so a task started in one session can be cancelled from another.
 */
export function runningToolTasksOf(runtime: object): RunningToolTasks {
  let registry = registries.get(runtime);
  if (registry === undefined) {
    registry = createRunningToolTasks();
    registries.set(runtime, registry);
  }
  return registry;
}
