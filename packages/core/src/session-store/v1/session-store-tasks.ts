import type { Page, PageOptions } from './session-store-inputs.js';
import type { TenantId } from './session-store-records.js';

/**
 * Where a task stands. `working` and `input_required` may still change; `completed`, `failed`
 * and `cancelled` are terminal: a task in one of them never changes again.
 */
export type TaskStatus = 'working' | 'input_required' | 'completed' | 'failed' | 'cancelled';

export const terminalTaskStatuses: readonly TaskStatus[] = ['completed', 'failed', 'cancelled'];

/** A long call a client started as an MCP task, and its result once it ends. */
export interface TaskRecord {
  tenantId: TenantId;
  /** Random and unguessable (a UUID unless the caller gave one). */
  id: string;
  status: TaskStatus;
  /** What a person should know about the current status (a phase, the reason it failed). */
  statusMessage: string | undefined;
  /** The request that started the task (`{ method, params }`), as JSON. */
  request: Record<string, unknown>;
  /** The request's result once the task ended (`completed` or `failed`), as JSON. */
  result: Record<string, unknown> | undefined;
  /** How long the task is kept from its creation; undefined keeps it until deleted. */
  ttlInMs: number | undefined;
  /** How often a client should poll the task's status. */
  pollIntervalInMs: number | undefined;
  createdAt: Date;
  /** The time of the latest status change, or creation. */
  updatedAt: Date;
  /** `createdAt + ttlInMs`; after it `expire()` deletes the task. */
  expiresAt: Date | undefined;
}

export interface CreateTaskInput {
  tenantId: TenantId;
  /** Default: a new UUID (exai's adapters make time-ordered ones, version 7). */
  id?: string;
  request: Record<string, unknown>;
  ttlInMs?: number;
  pollIntervalInMs?: number;
  statusMessage?: string;
}

export interface UpdateTaskInput {
  tenantId: TenantId;
  id: string;
  status: TaskStatus;
  /** Replaces the status message; omitted keeps the current one. */
  statusMessage?: string;
  /** Stores the result; omitted keeps the current one. */
  result?: Record<string, unknown>;
}

export interface UpdateTaskResult {
  /** The task after the update (or, when it was already terminal, as it is). */
  task: TaskRecord;
  /** False when the task was already terminal, and nothing changed. */
  updated: boolean;
}

/** One message of a Streamable HTTP stream, kept so a client can resume after it. */
export interface StreamEventRecord {
  tenantId: TenantId;
  /** The stream the event belongs to (for MCP, the session and the transport's stream id). */
  streamId: string;
  /** Random and unique in the store; what a client sends back as `Last-Event-ID`. */
  eventId: string;
  /** The JSON-RPC message, as JSON. */
  message: Record<string, unknown>;
  createdAt: Date;
  /** After this `expire()` deletes the event. */
  expiresAt: Date | undefined;
}

export interface AppendStreamEventInput {
  tenantId: TenantId;
  streamId: string;
  /** Default: a new UUID. A taken one throws `RecordExistsError`. */
  eventId?: string;
  message: Record<string, unknown>;
  expiresAt?: Date;
  /**
   * Keep at most this many events of the stream: appending past it deletes the stream's oldest
   * events in the same call. Default: no limit.
   */
  maxEventsPerStream?: number;
}

export interface StreamReplay {
  streamId: string;
  /** The stream's events after the given one, oldest first. */
  events: StreamEventRecord[];
}

/**
 * Tasks and stream events: what lets a long call outlive the process and the connection it
 * started on. Part of `SessionStoreV1`; scoped by tenant like everything else.
 *
 * - `updateTask` changes a task only while it is not terminal: once `completed`, `failed` or
 *   `cancelled` it stays so (a cancel and a finish racing from two processes leave one winner).
 * - Stream events keep their append order within a stream; `replayStreamEvents` returns those
 *   after the given event, or undefined when this tenant has no event with that id.
 * - `expire(now)` deletes tasks and stream events whose `expiresAt` is before `now`.
 */
export interface SessionStoreTasksV1 {
  createTask(input: CreateTaskInput): Promise<TaskRecord>;
  getTask(tenantId: TenantId, taskId: string): Promise<TaskRecord | undefined>;
  /** Throws `RecordNotFoundError` when the task does not exist (for this tenant). */
  updateTask(input: UpdateTaskInput): Promise<UpdateTaskResult>;
  /** Newest first. */
  listTasks(tenantId: TenantId, options?: PageOptions): Promise<Page<TaskRecord>>;
  appendStreamEvent(input: AppendStreamEventInput): Promise<StreamEventRecord>;
  replayStreamEvents(tenantId: TenantId, afterEventId: string): Promise<StreamReplay | undefined>;
}
