/** The part of a stream commands use; injectable so tests capture output without spawning. */
export interface OutputStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface Io {
  stdout: OutputStream;
  stderr: OutputStream;
}

export const processIo: Io = { stdout: process.stdout, stderr: process.stderr };
