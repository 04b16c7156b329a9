/*
 * The power-cut layer: an SQLite VFS for tests that can make a file lose every byte written
 * since its last fsync, as a power cut would (docs/power-loss.md).
 *
 * Test machinery only: nothing that ships links it. The header names no SQLite type on purpose,
 * so that Swift can import it next to GRDB's own module for <sqlite3.h>.
 */
#ifndef LIANDONG_POWERCUT_H
#define LIANDONG_POWERCUT_H

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Registers the VFS named "powercut" over the unix VFS; with makeDefault non-zero it also
 * becomes the process default, so that every database opened afterwards is on the layer.
 * Idempotent. Returns an SQLite result code (0 is SQLITE_OK).
 */
int liandong_powercut_register(int makeDefault);

/*
 * While a prefix is frozen, every write, truncate, sync and delete of a file whose path starts
 * with it is dropped (reported as done, file and side log untouched): connections can then be
 * closed after a simulated power cut without their close-time checkpoint reaching the disk.
 * At most 32 prefixes are frozen at once (more aborts the process rather than silently not
 * freezing). Freezing a frozen prefix again, or thawing one that is not frozen, does nothing.
 */
void liandong_powercut_freeze(const char *pathPrefix);
void liandong_powercut_thaw(const char *pathPrefix);

/*
 * The power cut itself, for one file, done offline (no connection may have the file open):
 * restores the before-images of `path` recorded in `path-unsynced`, truncates the file to its
 * size at its last sync and removes the side log. No side log: nothing to do. Returns 0 or an
 * errno value; on error the side log is kept, so the call can simply be repeated.
 */
int liandong_powercut_apply(const char *path);

#ifdef __cplusplus
}
#endif

#endif
