/** The part of a stream commands use; injectable so tests capture output without spawning. */
export interface OutputStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

/**
 * SIGINT as a command sees it. bin/ owns the process (and is the only place it
 * exits); a command that can stop gracefully takes the first Ctrl-C, and a
 * second one ends the process at once with the interrupted status.
 */
export interface Interrupts {
  /** Call `onFirst` on the first Ctrl-C until the returned release function is called. */
  take(onFirst: () => void): () => void;
}

export interface Io {
  stdout: OutputStream;
  stderr: OutputStream;
  /** Absent in tests that call commands in-process: then nothing is interrupted. */
  interrupts?: Interrupts;
  /** The command line as given (process.argv after the node binary), which manifests record. */
  commandLine?: readonly string[];
}

/** How the command was invoked, for a manifest or sweep.json. */
export function invocationOf(io: Io): { command_line: string[]; cwd: string } {
  return { command_line: [...(io.commandLine ?? [])], cwd: process.cwd() };
}

export const processIo: Io = { stdout: process.stdout, stderr: process.stderr };

/**
 * Run `work` with the first Ctrl-C aborting its signal (runs in progress
 * finish; a second Ctrl-C makes bin/ stop at once) and `notice` written to stderr.
 */
export async function withGracefulInterrupt<T>(io: Io, notice: string, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const interrupt = new AbortController();
  const release =
    io.interrupts?.take(() => {
      interrupt.abort();
      io.stderr.write(`\n${notice}\n`);
    }) ?? (() => {});
  try {
    return await work(interrupt.signal);
  } finally {
    release();
  }
}
