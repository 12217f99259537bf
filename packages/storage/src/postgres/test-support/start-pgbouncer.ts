import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { constants } from 'node:fs';
import { access, chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';

export interface PgBouncerProbe {
  available: boolean;
  /** The `pgbouncer` executable, when found. */
  binary?: string;
  /** `PgBouncer 1.18.0`, when found. */
  version?: string;
  reason?: string;
}

/** PATH first, then where Debian and others put it (`/usr/sbin` is often not on a user's PATH). */
async function findPgBouncer(): Promise<string | undefined> {
  const directories = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/usr/local/sbin'];
  for (const directory of directories.filter(Boolean)) {
    const candidate = join(directory, 'pgbouncer');
    if (
      await access(candidate, constants.X_OK).then(
        () => true,
        () => false,
      )
    ) {
      return candidate;
    }
  }
  return undefined;
}

/**
 * Whether PgBouncer is installed. When it is not, prints a loud line and resolves
 * `available: false` so the tests skip — except with `CI=true`, where this throws.
 */
export async function probePgBouncer(): Promise<PgBouncerProbe> {
  const binary = await findPgBouncer();
  if (binary !== undefined) {
    const { stdout } = await promisify(execFile)(binary, ['--version']);
    return { available: true, binary, version: stdout.split('\n')[0]?.trim() };
  }
  const reason = 'pgbouncer is not installed (looked on PATH, in /usr/sbin and /usr/local/sbin)';
  if (process.env.CI === 'true') {
    throw new Error(
      `${reason}. CI=true, so this is a failure: CI must install PgBouncer (apt-get install pgbouncer).`,
    );
  }
  console.warn(`\n!!! SKIPPING PGBOUNCER TESTS: ${reason}. Install it: apt-get install pgbouncer. !!!\n`);
  return { available: false, reason };
}

export interface StartPgBouncerOptions {
  binary: string;
  /** The PostgreSQL server to pool; its user and password go into the auth file. */
  serverUrl: string;
  poolMode?: 'session' | 'transaction';
  /** Server connections per database and user. */
  defaultPoolSize?: number;
  maxClientConnections?: number;
}

export interface PgBouncer {
  /** The port it listens on, on 127.0.0.1. */
  readonly port: number;
  /** A connection string for `database` through PgBouncer. */
  url(database: string): string;
  /** Everything it has logged so far. */
  log(): string;
  /** Stops it and removes its files; safe to call twice. */
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** PgBouncer refuses to run as root: then it runs as `postgres` (or `nobody`) through runuser. */
async function command(binary: string, configPath: string): Promise<[string, string[]]> {
  if (process.getuid?.() !== 0) return [binary, [configPath]];
  const users = await readFile('/etc/passwd', 'utf8').catch(() => '');
  const user = /^postgres:/m.test(users) ? 'postgres' : 'nobody';
  return ['runuser', ['-u', user, '--', binary, configPath]];
}

async function waitForPort(port: number, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`PgBouncer exited before listening:\n${log()}`);
    }
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ host: '127.0.0.1', port }, () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`PgBouncer did not listen on port ${port}:\n${log()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Starts PgBouncer on a free port of 127.0.0.1, pooling every database of `serverUrl`'s server
 * (a database is reached by its own name), with trust authentication for the server's user.
 */
export async function startPgBouncer({
  binary,
  serverUrl,
  poolMode = 'transaction',
  defaultPoolSize = 2,
  maxClientConnections = 20,
}: StartPgBouncerOptions): Promise<PgBouncer> {
  const server = new URL(serverUrl);
  const user = decodeURIComponent(server.username) || 'postgres';
  const password = decodeURIComponent(server.password);
  const port = await freePort();
  // Readable by the unprivileged user PgBouncer may run as.
  const directory = await mkdtemp(join(tmpdir(), 'exai-pgbouncer-'));
  await chmod(directory, 0o755);
  const authFile = join(directory, 'userlist.txt');
  const configPath = join(directory, 'pgbouncer.ini');
  const quote = (value: string): string => `"${value.replaceAll('"', '""')}"`;
  await writeFile(authFile, `${quote(user)} ${quote(password)}\n`, { mode: 0o644 });
  await writeFile(
    configPath,
    [
      '[databases]',
      `* = host=${server.hostname || '127.0.0.1'} port=${server.port || '5432'}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      'unix_socket_dir =',
      'auth_type = trust',
      `auth_file = ${authFile}`,
      `pool_mode = ${poolMode}`,
      `max_client_conn = ${maxClientConnections}`,
      `default_pool_size = ${defaultPoolSize}`,
      'ignore_startup_parameters = extra_float_digits',
      '',
    ].join('\n'),
    { mode: 0o644 },
  );

  const [file, args] = await command(binary, configPath);
  const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const append = (chunk: Buffer): void => void (output += chunk.toString());
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM'); // PgBouncer: immediate shutdown (runuser passes the signal on).
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
      await rm(directory, { recursive: true, force: true });
    })();
    return stopping;
  };
  try {
    await waitForPort(port, child, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    port,
    url(database) {
      const url = new URL(serverUrl);
      url.hostname = '127.0.0.1';
      url.port = String(port);
      url.pathname = `/${database}`;
      return url.toString();
    },
    log: () => output,
    stop,
  };
}
