export interface FileServiceOptions {
  /**
   * Absolute folders tools may read inside: the client's working directory, or the folders of
   * `EXAI_ALLOWED_ROOTS` (see `allowedRootsFromEnvironment`). Relative paths resolve against the first.
   */
  allowedRoots: readonly string[];
  /** Largest text file `readText` reads, and the largest file `expand` lists. Default 1 000 000. */
  maxFileBytes?: number;
  /** Largest image `readImage` reads. Default 5 000 000 (screenshots are often past 1 MB). */
  maxImageBytes?: number;
  /** Total size of the files one `expand` call lists. Default 5 000 000. */
  maxTotalBytes?: number;
  /** Number of files one `expand` call lists. Default 200. */
  maxFiles?: number;
  /** Extra files or folders to refuse, on top of the built-in deny list. */
  denyPaths?: readonly string[];
  /**
   * Whose path rules apply (Windows: drive letters, both separators, case-insensitive roots, UNC and
   * device paths refused). Default `process.platform`, which is what a real filesystem needs.
   */
  platform?: NodeJS.Platform;
  /** Whose credential folders (`~/.ssh`, `~/.aws`, …) are denied. Default `os.homedir()`. */
  homeDirectory?: string;
}

export interface TextFile {
  /** The real absolute path (every symbolic link resolved). */
  path: string;
  content: string;
  bytes: number;
  /** Hex SHA-256 of the bytes on disk. */
  sha256: string;
  modifiedAt: Date;
  lineCount: number;
}

export type ImageMediaType = 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp';

export interface ImageFile {
  /** The real absolute path (every symbolic link resolved). */
  path: string;
  mediaType: ImageMediaType;
  data: Uint8Array;
  bytes: number;
  /** Hex SHA-256 of the bytes on disk. */
  sha256: string;
}

export interface ExpandOptions {
  /** List files and folders whose names start with a dot. `.git` is skipped regardless. Default false. */
  includeHidden?: boolean;
}

/**
 * Why `expand` left a path out:
 * - `max-files`, `max-total-bytes`: a cap was reached; this path and everything after it were not listed;
 * - `file-too-large`: the file alone is over `maxFileBytes`;
 * - `gitignored`: matched by a `.gitignore` or `.git/info/exclude`;
 * - `excluded-directory`: `.git`, `node_modules`, `dist`, `build`, `.venv` or `__pycache__`;
 * - `hidden`: its name starts with a dot and `includeHidden` is off;
 * - `secret-file`, `system-path`: refused by the deny list;
 * - `symlink-escape`: a symbolic link to a place outside the allowed roots;
 * - `duplicate`: already listed (through another path or a symbolic link);
 * - `not-a-file`: a FIFO, socket or device;
 * - `not-found`: a broken symbolic link;
 * - `unreadable`: the operating system refused access.
 */
export type ExpandSkipReason =
  | 'max-files'
  | 'max-total-bytes'
  | 'file-too-large'
  | 'gitignored'
  | 'excluded-directory'
  | 'hidden'
  | 'secret-file'
  | 'system-path'
  | 'symlink-escape'
  | 'duplicate'
  | 'not-a-file'
  | 'not-found'
  | 'unreadable';

export interface ExpandSkippedPath {
  path: string;
  reason: ExpandSkipReason;
}

export interface ExpandResult {
  /** Real absolute paths of regular files, in a deterministic order (inputs in order, folders by name). */
  files: string[];
  /** Everything left out, and why; nothing is left out silently. */
  skipped: ExpandSkippedPath[];
  /** Sum of the sizes of `files`. */
  totalBytes: number;
}

/**
 * The only way tools touch the filesystem. Every method takes a path as a client sent it
 * (absolute, or relative to the first allowed root) and refuses with a typed error
 * (`PathNotAllowedError` with its `rule`, `FileNotFoundError`, `FileTooLargeError`,
 * `BinaryFileError`, `UnsupportedImageError`) whose message says what to do.
 */
export interface FileService {
  /** The allowed roots, normalised. */
  readonly allowedRoots: readonly string[];
  /** The real absolute path of an existing file or folder inside the allowed roots. */
  resolve(path: string): Promise<string>;
  readText(path: string): Promise<TextFile>;
  readImage(path: string): Promise<ImageFile>;
  /** Files named, and files inside folders named (walked honouring `.gitignore`), within the caps. */
  expand(paths: readonly string[], options?: ExpandOptions): Promise<ExpandResult>;
  /** Hex SHA-256 of a file's bytes, to deduplicate uploads. */
  sha256(path: string): Promise<string>;
  /**
   * Why the deny rules refuse a path (a secret-bearing file name, a system or credential folder, a
   * `denyPaths` entry), or undefined when they do not. A lexical check only: the path need not
   * exist (a file a diff deletes), symbolic links are not followed, and the allowed roots are not
   * checked; use it on paths already known to be inside them. Relative paths resolve against the
   * first allowed root.
   */
  denyReason(path: string): string | undefined;
}
