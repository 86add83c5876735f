/**
 * The one file a store appends to, with group commit:
 * - `write(data)` hands a whole batch to the OS in one write() (a killed process keeps it: the
 *   page cache belongs to the kernel); it returns the byte offset where the batch starts.
 * - `sync()` makes everything written so far survive an OS crash or power loss. Concurrent
 *   callers share one fsync (run on libuv's thread pool, so the engine keeps running meanwhile);
 *   a caller arriving while an fsync is in flight waits for the next one, which covers its data.
 * - `syncWithin(ms)` arms a timer that syncs whatever is written but not yet synced: the bound
 *   on what a power loss can take from work that was never followed by a `sync()`.
 * The file is opened on the first write. Only a torn tail is ever cut off then (jsonl-log.ts), and
 * only if the file is still what the scan saw: it is never shrunk below what this process found.
 */
import { closeSync, fstatSync, fsync, fsyncSync, ftruncateSync, openSync, readSync, writeSync } from 'node:fs';

export class AppendFile {
  private fd?: number;
  /** Bytes in the file (end offset of the last write). */
  private size: number;
  private syncedTo: number;
  private syncing = false;
  private waiters: { upTo: number; resolve: () => void; reject: (e: unknown) => void }[] = [];
  private timer?: NodeJS.Timeout;

  constructor(
    readonly path: string,
    /** Length of the file without its torn tail, as a scan of the file found it. */
    goodBytes: number,
    /** Length of the file as that scan found it (torn tail included). */
    private readonly scannedBytes = goodBytes,
  ) {
    this.size = goodBytes;
    this.syncedTo = goodBytes;
  }

  get end(): number {
    return this.size;
  }

  write(data: string | Buffer): number {
    const fd = this.open();
    const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let done = 0;
    while (done < buf.length) done += writeSync(fd, buf, done, buf.length - done);
    const at = this.size;
    this.size += buf.length;
    return at;
  }

  /** Resolves once everything written before the call is on stable storage. */
  sync(): Promise<void> {
    if (this.syncedTo >= this.size) return Promise.resolve();
    const upTo = this.size;
    return new Promise((resolve, reject) => {
      this.waiters.push({ upTo, resolve, reject });
      this.startSync();
    });
  }

  /** Arms (once) a timer that syncs what is written by then. */
  syncWithin(ms: number): void {
    if (this.timer || this.syncedTo >= this.size) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.sync().catch(() => {}); // a failing fsync surfaces on the next sync() a caller awaits
    }, ms);
    this.timer.unref();
  }

  /** Syncs synchronously and closes; a later write opens the file again. */
  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.fd === undefined) return;
    if (this.syncedTo < this.size) fsyncSync(this.fd);
    this.syncedTo = this.size;
    const fd = this.fd;
    this.fd = undefined;
    // An fsync still in flight on the thread pool finishes on its own; its waiters are covered now.
    for (const w of this.waiters.splice(0)) w.resolve();
    closeSync(fd);
  }

  private open(): number {
    if (this.fd === undefined) {
      const fd = openSync(this.path, 'a+');
      const now = fstatSync(fd).size;
      if (now === this.scannedBytes) {
        if (this.size < now) ftruncateSync(fd, this.size); // the torn tail the scan dropped
      } else if (now > 0) {
        // Not the file the scan saw (another writer, a second open): keep every byte, and start
        // on a line of our own.
        const last = Buffer.alloc(1);
        readSync(fd, last, 0, 1, now - 1);
        if (last[0] !== 0x0a) writeSync(fd, '\n');
        this.size = this.syncedTo = fstatSync(fd).size;
      } else this.size = this.syncedTo = 0;
      this.fd = fd;
    }
    return this.fd;
  }

  private startSync(): void {
    if (this.syncing || this.fd === undefined) return;
    this.syncing = true;
    const covering = this.size;
    fsync(this.fd, (err) => {
      this.syncing = false;
      if (err) {
        for (const w of this.waiters.splice(0)) w.reject(err);
        return;
      }
      this.syncedTo = Math.max(this.syncedTo, covering);
      const still: typeof this.waiters = [];
      for (const w of this.waiters) {
        if (w.upTo <= this.syncedTo) w.resolve();
        else still.push(w);
      }
      this.waiters = still;
      if (still.length) this.startSync();
    });
  }
}
