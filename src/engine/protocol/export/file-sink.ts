// The export as a JSON-lines file for a log shipper (Filebeat, Fluent Bit, the OpenTelemetry Collector's
// filelog receiver): one ECS document per line, appended; before the file would grow beyond maxBytes it is
// renamed to <file>.1 (the older ones shift to .2 … .<keep>, the oldest is removed) and a new one begun —
// the rename-and-create rotation shippers follow by inode. Every batch is fsync'd before the exporter
// moves its cursor, and every rotation is fsync'd in the directory. A line cut off by a crash is ended
// with a newline when the file is opened again (the shipper sees one unparsable line; the record it held
// is sent again whole, as its batch was not confirmed).
//
// One writer per file: give each replica that exports to files a file of its own.
import { mkdir, open, readdir, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { ExportSink } from './sink.ts';
import { SinkUnavailableError } from './sink.ts';

export interface FileSinkOptions {
  file: string;
  maxBytes: number;
  /** Rotated files kept besides the current one. */
  keep: number;
}

async function fsyncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

export function fileSink(options: FileSinkOptions): ExportSink & { rotations: () => number } {
  const { file, maxBytes, keep } = options;
  const dir = path.dirname(file);
  let handle: FileHandle | undefined;
  let size = 0;
  let rotations = 0;

  const openCurrent = async () => {
    await mkdir(dir, { recursive: true });
    handle = await open(file, 'a');
    size = (await handle.stat()).size;
    if (size > 0) {
      // A line cut off by a crash is ended, so that the next document starts a line of its own.
      const last = Buffer.alloc(1);
      const reader = await open(file, 'r');
      try {
        await reader.read(last, 0, 1, size - 1);
      } finally {
        await reader.close();
      }
      if (last[0] !== 0x0a) {
        await handle.write('\n');
        size += 1;
      }
    } else {
      await fsyncDir(dir);
    }
  };

  const rotate = async () => {
    await handle?.close();
    handle = undefined;
    await rm(`${file}.${keep}`, { force: true });
    for (let i = keep - 1; i >= 1; i--) if (await exists(`${file}.${i}`)) await rename(`${file}.${i}`, `${file}.${i + 1}`);
    await rename(file, `${file}.1`);
    // Left over from a larger PROTOCOL_EXPORT_FILE_KEEP.
    const base = path.basename(file);
    for (const name of await readdir(dir)) {
      const n = name.startsWith(`${base}.`) ? Number(name.slice(base.length + 1)) : NaN;
      if (Number.isInteger(n) && n > keep) await rm(path.join(dir, name), { force: true });
    }
    await fsyncDir(dir);
    rotations += 1;
    await openCurrent();
  };

  return {
    name: 'file',
    description: `file ${file}`,
    rotations: () => rotations,
    async send(lines) {
      try {
        if (!handle) await openCurrent();
        let pending: Buffer[] = [];
        let pendingBytes = 0;
        const flush = async () => {
          if (pendingBytes === 0) return;
          await handle!.write(Buffer.concat(pending));
          size += pendingBytes;
          pending = [];
          pendingBytes = 0;
        };
        for (const line of lines) {
          const bytes = Buffer.from(`${line.json}\n`, 'utf8');
          if (size + pendingBytes > 0 && size + pendingBytes + bytes.length > maxBytes) {
            await flush();
            await handle!.sync();
            await rotate();
          }
          pending.push(bytes);
          pendingBytes += bytes.length;
        }
        await flush();
        await handle!.sync();
      } catch (error) {
        // Reopened (and the torn line ended) on the next batch.
        await handle?.close().catch(() => undefined);
        handle = undefined;
        throw new SinkUnavailableError('file', error instanceof Error ? error.message : String(error), { cause: error });
      }
    },
    async close() {
      await handle?.close();
      handle = undefined;
    },
  };
}
