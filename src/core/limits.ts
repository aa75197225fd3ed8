// Limits shared by the CLI's option defaults and the scan pipeline, in a module with no imports so
// the command line can show them without loading the pipeline.

/** Files larger than this are reported (FILE_TOO_LARGE) and not read: 256 MiB. */
export const DEFAULT_MAX_FILE_SIZE = 256 * 1024 * 1024;
