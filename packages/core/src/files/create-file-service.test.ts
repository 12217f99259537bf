import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BinaryFileError } from '../errors/binary-file-error.js';
import { ExaiError } from '../errors/exai-error.js';
import { FileNotFoundError } from '../errors/file-not-found-error.js';
import { FileTooLargeError } from '../errors/file-too-large-error.js';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { PathNotAllowedError } from '../errors/path-not-allowed-error.js';
import { UnsupportedImageError } from '../errors/unsupported-image-error.js';
import { createFileService } from './create-file-service.js';
import type { FileServiceOptions } from './file-service.js';
import { createTemporaryTree, pngBytes, type TemporaryTree } from './file-service-test-helpers.js';

let tree: TemporaryTree;
let root: string;

beforeAll(async () => {
  tree = await createTemporaryTree();
  root = tree.at('root');
  await tree.write({
    'root/a.txt': 'alpha\nbeta\n',
    'root/src/index.ts': 'export const x = 1;',
    'root/.env': 'API_KEY=sk-live-secret',
    'root/keys/server.pem': '-----BEGIN PRIVATE KEY-----',
    'root/data.bin': Uint8Array.from([0x61, 0x00, 0x62]),
    'root/pixel.png': pngBytes,
    'root/big.txt': 'x'.repeat(2000),
    'outside/secret.txt': 'outside secret',
    'outside/dir/inner.txt': 'inner',
    'home/.ssh/id_ed25519': 'private key',
    'home/project/readme.md': 'readme',
  });
  await tree.link(tree.at('outside', 'secret.txt'), 'root/leak.txt');
  await tree.link(tree.at('outside', 'dir'), 'root/leak-dir');
  await tree.link(tree.at('root', 'a.txt'), 'root/alias.txt');
  await tree.link('.env', 'root/notes.txt');
  await tree.link(tree.at('root'), 'root-link');
  await tree.link('loop-b', 'root/loop-a');
  await tree.link('loop-a', 'root/loop-b');
});

afterAll(() => tree.remove());

const service = (options: Partial<FileServiceOptions> = {}) =>
  createFileService({ allowedRoots: [root], homeDirectory: tree.at('home'), ...options });

async function refusal(promise: Promise<unknown>): Promise<PathNotAllowedError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!PathNotAllowedError.isInstance(error))
    throw new Error(`expected a PathNotAllowedError, got ${String(error)}`);
  expect(ExaiError.isInstance(error)).toBe(true);
  expect(error.code).toBe('path_not_allowed');
  return error;
}

describe('FileService.resolve', () => {
  it('resolves relative and absolute paths to real paths inside the root', async () => {
    const files = service();
    await expect(files.resolve('a.txt')).resolves.toBe(tree.at('root', 'a.txt'));
    await expect(files.resolve(tree.at('root', 'src', '..', 'a.txt'))).resolves.toBe(
      tree.at('root', 'a.txt'),
    );
    await expect(files.resolve('alias.txt')).resolves.toBe(tree.at('root', 'a.txt'));
    await expect(files.resolve('.')).resolves.toBe(root);
  });

  it('refuses paths outside the roots, naming the roots and the fix', async () => {
    const error = await refusal(service().resolve(tree.at('outside', 'secret.txt')));
    expect(error.rule).toBe('outside-roots');
    expect(error.path).toBe(tree.at('outside', 'secret.txt'));
    expect(error.message).toContain(`outside the allowed roots (${root})`);
    expect(error.message).toContain('EXAI_ALLOWED_ROOTS');
  });

  it('refuses ".." escapes, absolute and relative', async () => {
    const files = service();
    for (const input of [
      `${root}/../outside/secret.txt`,
      'src/../../outside/secret.txt',
      '../outside/secret.txt',
      `${root}/../../../../etc/passwd`,
    ]) {
      expect((await refusal(files.resolve(input))).rule, input).toBe('traversal');
    }
  });

  it('refuses a symbolic link inside the root that points outside, to a file or a folder', async () => {
    const files = service();
    for (const input of [
      'leak.txt',
      'leak-dir',
      'leak-dir/inner.txt',
      'leak-dir/missing.txt',
      'leak-dir/../a.txt/../leak-dir/inner.txt',
    ]) {
      const error = await refusal(files.resolve(input));
      expect(error.rule, input).toBe('symlink-escape');
    }
    const error = await refusal(files.readText('leak.txt'));
    expect(error.message).toContain(`symbolic link to ${tree.at('outside', 'secret.txt')}`);
    expect(error.message).not.toContain('outside secret');
  });

  it('resolves a root that is itself a symbolic link, and still refuses escapes from it', async () => {
    const files = service({ allowedRoots: [tree.at('root-link')] });
    await expect(files.resolve('a.txt')).resolves.toBe(tree.at('root', 'a.txt'));
    await expect(files.resolve(tree.at('root-link', 'src', 'index.ts'))).resolves.toBe(
      tree.at('root', 'src', 'index.ts'),
    );
    await expect(files.resolve(tree.at('root', 'a.txt'))).resolves.toBe(tree.at('root', 'a.txt'));
    expect((await refusal(files.resolve('leak.txt'))).rule).toBe('symlink-escape');
    expect((await refusal(files.resolve(tree.at('outside', 'secret.txt')))).rule).toBe('outside-roots');
  });

  it('refuses system paths even when the root is "/"', async () => {
    const files = service({ allowedRoots: ['/'] });
    for (const input of ['/etc/passwd', '/proc/self/environ', '/dev/zero', '/sys/kernel']) {
      expect((await refusal(files.resolve(input))).rule, input).toBe('system-path');
    }
  });

  it('refuses credential folders of the home directory', async () => {
    const files = service({ allowedRoots: [tree.at('home')] });
    expect((await refusal(files.resolve('.ssh/id_ed25519'))).rule).toBe('system-path');
    await expect(files.resolve('project/readme.md')).resolves.toBe(tree.at('home', 'project', 'readme.md'));
  });

  it('refuses secret files by name, also through a symbolic link with an innocent name', async () => {
    const files = service();
    expect((await refusal(files.readText('.env'))).rule).toBe('secret-file');
    expect((await refusal(files.readText('keys/server.pem'))).rule).toBe('secret-file');
    expect((await refusal(files.readText('notes.txt'))).rule).toBe('secret-file');
  });

  it('refuses the denyPaths option', async () => {
    const error = await refusal(service({ denyPaths: ['src'] }).readText('src/index.ts'));
    expect(error.rule).toBe('system-path');
    expect(error.message).toContain('denyPaths');
  });

  it('says why the deny rules refuse a path, without needing it to exist', () => {
    const files = service({ denyPaths: ['vendor'] });
    expect(files.denyReason('gone/.env')).toMatch(/environment file/);
    expect(files.denyReason(tree.at('root', 'keys', 'old.pem'))).toMatch(/private key/);
    expect(files.denyReason('vendor/lib.ts')).toMatch(/denyPaths/);
    expect(files.denyReason('src/index.ts')).toBeUndefined();
    expect(files.denyReason('src/.env.example')).toBeUndefined();
  });

  it('refuses NUL bytes', async () => {
    expect((await refusal(service().readText('a.txt\0.png'))).rule).toBe('null-byte');
  });

  it('reports a missing file as FileNotFoundError, and a link loop too', async () => {
    for (const input of ['missing.txt', 'src/missing/deeper.ts', 'loop-a']) {
      const error = await service()
        .readText(input)
        .catch((caught: unknown) => caught);
      expect(FileNotFoundError.isInstance(error), input).toBe(true);
      expect(error).toMatchObject({ code: 'file_not_found', rule: 'not-found', path: input });
    }
  });
});

describe('FileService.readText', () => {
  it('returns the content with its size, hash, modification time and line count', async () => {
    const file = await service().readText('a.txt');
    expect(file).toEqual({
      path: tree.at('root', 'a.txt'),
      content: 'alpha\nbeta\n',
      bytes: 11,
      sha256: createHash('sha256').update('alpha\nbeta\n').digest('hex'),
      modifiedAt: expect.any(Date),
      lineCount: 2,
    });
  });

  it('refuses a file over maxFileBytes, naming the cap and the option', async () => {
    const error = await service({ maxFileBytes: 1000 })
      .readText('big.txt')
      .catch((caught: unknown) => caught);
    expect(FileTooLargeError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      code: 'file_too_large',
      bytes: 2000,
      maxBytes: 1000,
      option: 'maxFileBytes',
    });
    expect((error as Error).message).toContain('cap of 1000 bytes (the maxFileBytes option)');
    await expect(service({ maxFileBytes: 2000 }).readText('big.txt')).resolves.toMatchObject({ bytes: 2000 });
  });

  it('refuses binary files, and points images to readImage', async () => {
    const binary = await service()
      .readText('data.bin')
      .catch((caught: unknown) => caught);
    expect(BinaryFileError.isInstance(binary)).toBe(true);
    expect(binary).toMatchObject({ code: 'binary_file', mediaType: undefined });
    const image = await service()
      .readText('pixel.png')
      .catch((caught: unknown) => caught);
    expect(image).toMatchObject({ code: 'binary_file', mediaType: 'image/png' });
    expect((image as Error).message).toContain('is an image (image/png)');
  });

  it('refuses folders and FIFOs without blocking', async () => {
    const folder = await refusal(service().readText('src'));
    expect(folder.rule).toBe('not-a-file');
    expect(folder.message).toContain('is a folder');
    if (process.platform === 'win32') return;
    execFileSync('mkfifo', [tree.at('root', 'pipe')]);
    expect((await refusal(service().readText('pipe'))).rule).toBe('not-a-file');
  });
});

describe('FileService.readImage and sha256', () => {
  it('reads PNG, JPEG, GIF and WebP by their first bytes', async () => {
    await tree.write({
      'root/images/photo.dat': Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]),
      'root/images/anim.gif': Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1'),
      'root/images/pic.webp': Buffer.from('RIFF\x1a\x00\x00\x00WEBPVP8 ', 'latin1'),
    });
    const files = service();
    await expect(files.readImage('pixel.png')).resolves.toEqual({
      path: tree.at('root', 'pixel.png'),
      mediaType: 'image/png',
      data: Buffer.from(pngBytes),
      bytes: pngBytes.length,
      sha256: createHash('sha256').update(pngBytes).digest('hex'),
    });
    await expect(files.readImage('images/photo.dat')).resolves.toMatchObject({ mediaType: 'image/jpeg' });
    await expect(files.readImage('images/anim.gif')).resolves.toMatchObject({ mediaType: 'image/gif' });
    await expect(files.readImage('images/pic.webp')).resolves.toMatchObject({ mediaType: 'image/webp' });
  });

  it('refuses other files with a clear error, and images over maxImageBytes', async () => {
    const error = await service()
      .readImage('a.txt')
      .catch((caught: unknown) => caught);
    expect(UnsupportedImageError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'unsupported_image', rule: 'unsupported-image' });
    expect((error as Error).message).toContain('not a PNG, JPEG, GIF or WebP image');
    await expect(service({ maxImageBytes: 8 }).readImage('pixel.png')).rejects.toMatchObject({
      code: 'file_too_large',
      option: 'maxImageBytes',
    });
    expect((await refusal(service().readImage('leak.txt'))).rule).toBe('symlink-escape');
  });

  it('hashes a file’s bytes, under the same rules', async () => {
    await expect(service().sha256('pixel.png')).resolves.toBe(
      createHash('sha256').update(pngBytes).digest('hex'),
    );
    await expect(service().sha256('alias.txt')).resolves.toBe(
      createHash('sha256').update('alpha\nbeta\n').digest('hex'),
    );
    expect((await refusal(service().sha256('.env'))).rule).toBe('secret-file');
  });
});

describe('createFileService options', () => {
  it('refuses empty, relative and invalid roots and caps', () => {
    expect(() => createFileService({ allowedRoots: [] })).toThrow(InvalidArgumentError);
    expect(() => createFileService({ allowedRoots: ['relative/dir'] })).toThrow(
      /allowed root "relative\/dir"/,
    );
    expect(() => createFileService({ allowedRoots: ['\\\\server\\share'], platform: 'win32' })).toThrow(
      InvalidArgumentError,
    );
    expect(() => createFileService({ allowedRoots: ['/a'], maxFiles: 0 })).toThrow(
      /maxFiles must be a positive/,
    );
  });

  it('exposes the normalised roots', () => {
    expect(createFileService({ allowedRoots: ['/a/b/', '/c/./d'] }).allowedRoots).toEqual(['/a/b', '/c/d']);
    expect(createFileService({ allowedRoots: ['c:/Code/'], platform: 'win32' }).allowedRoots).toEqual([
      'c:\\Code',
    ]);
  });
});
