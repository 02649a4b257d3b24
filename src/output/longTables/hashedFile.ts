// A new file written in pieces, with its size and SHA-256 kept as it goes (what
// sweep.json records of each long table). It lives in the tables' staging
// folder, so atomicity comes from renaming the folder, not the file.
import { closeSync, fsyncSync, openSync } from "node:fs";
import { createHash } from "node:crypto";
import { closeQuietly, writeAll, type FileDigest } from "../atomic.js";

export class HashedFile {
  private fd: number | undefined;
  private readonly hash = createHash("sha256");
  private bytes = 0;

  constructor(readonly path: string) {
    this.fd = openSync(path, "wx");
  }

  write(data: Uint8Array): void {
    if (this.fd === undefined) throw new Error(`${this.path}: written after it was closed`);
    writeAll(this.fd, data);
    this.hash.update(data);
    this.bytes += data.length;
  }

  /** fsync and close; the file's digest. */
  close(): FileDigest {
    const fd = this.fd;
    if (fd === undefined) throw new Error(`${this.path}: closed twice`);
    this.fd = undefined;
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    return { bytes: this.bytes, sha256: this.hash.digest("hex") };
  }

  /** Close after a failure, ignoring errors (the original one is reported). */
  abandon(): void {
    if (this.fd !== undefined) closeQuietly(this.fd);
    this.fd = undefined;
  }
}
