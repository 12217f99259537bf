import { isJSONRPCRequest, type JSONRPCMessage, type RequestId } from '@modelcontextprotocol/sdk/types.js';

export interface PendingQueueOptions {
  maxMessages: number;
  maxWaitInMs: number;
  /** A message waited `maxWaitInMs` without a daemon to deliver it to; it has left the queue. */
  onExpired(message: JSONRPCMessage): void;
}

/** Messages from the client waiting for the daemon, bounded in count and in how long each may wait. */
export class PendingQueue {
  private entries: Array<{ message: JSONRPCMessage; order: number; timer: NodeJS.Timeout }> = [];
  /** When the client sent each message (a counter), so messages going back into the queue keep its order. */
  private readonly arrivals = new WeakMap<JSONRPCMessage, number>();
  private arrivalCount = 0;

  constructor(private readonly options: PendingQueueOptions) {}

  get size(): number {
    return this.entries.length;
  }

  /** Records that the client has just sent `message`; call it for every message, in order. */
  noteArrival(message: JSONRPCMessage): void {
    this.arrivals.set(message, this.arrivalCount++);
  }

  /**
   * Adds a message where its arrival puts it, so messages going back after a failed send stay in
   * the client's order; false when full.
   */
  add(message: JSONRPCMessage): boolean {
    if (this.entries.length >= this.options.maxMessages) return false;
    const order = this.arrivals.get(message) ?? this.arrivalCount;
    const entry = {
      message,
      order,
      timer: setTimeout(() => {
        this.entries = this.entries.filter((other) => other !== entry);
        this.options.onExpired(message);
      }, this.options.maxWaitInMs),
    };
    const later = this.entries.findIndex((other) => other.order > order);
    this.entries.splice(later === -1 ? this.entries.length : later, 0, entry);
    return true;
  }

  /** Removes a waiting request by id; false when no such request waits. */
  removeRequest(id: RequestId): boolean {
    const entry = this.entries.find(({ message }) => isJSONRPCRequest(message) && message.id === id);
    if (entry === undefined) return false;
    clearTimeout(entry.timer);
    this.entries = this.entries.filter((other) => other !== entry);
    return true;
  }

  /** Empties the queue and returns what was in it, in the client's order. */
  drain(): JSONRPCMessage[] {
    const messages = this.entries.map(({ message, timer }) => {
      clearTimeout(timer);
      return message;
    });
    this.entries = [];
    return messages;
  }
}
