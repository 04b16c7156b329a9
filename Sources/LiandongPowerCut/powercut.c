/*
 * The power-cut layer (docs/power-loss.md): an SQLite VFS over the unix VFS that passes every
 * call through and, for each database, rollback journal and WAL file it writes, keeps enough in
 * a side log `<path>-unsynced` to put the file back as it was at its last fsync.
 *
 * Why a side log rather than buffering writes in memory: the writes must really happen, so that
 * other connections and other processes see them exactly as without the layer, and the record
 * must outlive the process, so that a test can `kill -9` a real process (which keeps the page
 * cache, and so every write) and then cut the power on its files. The log is an ordinary file
 * for the same reason: after a kill it is still there.
 *
 * The side log holds the file's size at its last sync, then before-images: the old bytes of
 * every range below that size that a write or truncate changed since. The power cut
 * (liandong_powercut_apply) restores the images newest first, so that the oldest image of a
 * byte, its value at the sync, is the one left, then truncates to the synced size, which removes
 * whatever was appended. The layer is write-ahead: an image is in the log before the write
 * that destroys its bytes starts, so a kill between the two leaves an image of bytes that are
 * still there, which restoring rewrites harmlessly.
 *
 * Not modelled (see docs/power-loss.md): deletes are durable at once, and with them the
 * directory entries; a file created and never synced survives the cut as an empty file; no
 * sector is ever torn, since every write is either all there or all reverted.
 *
 * This file is also compiled on its own into a shared library for LD_PRELOAD (see the
 * constructor at the end and PowerCut.preloadLibrary() in LiandongTesting), so it depends on
 * nothing but libc and libsqlite3.
 */
#define _GNU_SOURCE
#include "powercut.h"

#include <sqlite3.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#define SIDE_LOG_SUFFIX "-unsynced"
#define LOG_MAGIC 0x4350444cu /* "LDPC" */
#define LOG_VERSION 1u
/* Large truncates (a WAL reset, a VACUUM) are logged in pieces of at most this many bytes. */
#define IMAGE_CHUNK (1 << 20)
#define MAX_FROZEN 32

/* The side log starts with this header; a sync rewrites it and drops every image after it. */
typedef struct {
    uint32_t magic;
    uint32_t version;
    int64_t syncedSize;
} LogHeader;

/* One before-image: `length` bytes that were at `offset` follow the record header. */
typedef struct {
    int64_t offset;
    int64_t length;
} ImageHeader;

typedef struct {
    sqlite3_file base;  /* first, so that SQLite's sqlite3_file* is ours */
    sqlite3_file *real; /* the unix VFS's file, allocated right after this struct */
    const char *path;   /* SQLite keeps it valid until xClose; NULL for nameless temp files */
    int log;            /* the side log, or -1 when this file is not tracked */
} PcFile;

static sqlite3_vfs gVfs;
static sqlite3_vfs *gReal;
static pthread_mutex_t gMutex = PTHREAD_MUTEX_INITIALIZER; /* guards gReal and gFrozen */
static char *gFrozen[MAX_FROZEN];
/* So that the common case, nothing frozen, costs every write no lock. */
static atomic_int gFrozenCount;

/* ---- Frozen prefixes ---------------------------------------------------------------------- */

static int isFrozen(const char *path) {
    if (path == NULL || atomic_load(&gFrozenCount) == 0) return 0;
    int frozen = 0;
    pthread_mutex_lock(&gMutex);
    for (int i = 0; i < MAX_FROZEN && !frozen; i++) {
        frozen = gFrozen[i] != NULL && strncmp(path, gFrozen[i], strlen(gFrozen[i])) == 0;
    }
    pthread_mutex_unlock(&gMutex);
    return frozen;
}

void liandong_powercut_freeze(const char *pathPrefix) {
    pthread_mutex_lock(&gMutex);
    int freeSlot = -1;
    for (int i = 0; i < MAX_FROZEN; i++) {
        if (gFrozen[i] == NULL) {
            if (freeSlot < 0) freeSlot = i;
        } else if (strcmp(gFrozen[i], pathPrefix) == 0) {
            pthread_mutex_unlock(&gMutex);
            return;
        }
    }
    char *copy = freeSlot < 0 ? NULL : strdup(pathPrefix);
    if (copy == NULL) {
        /* A freeze that silently did nothing would let a close-time checkpoint make unsynced
           data durable, and the test would report a falsehood: stop instead. */
        fprintf(stderr, "powercut: cannot freeze %s (table full or out of memory)\n", pathPrefix);
        abort();
    }
    gFrozen[freeSlot] = copy;
    atomic_fetch_add(&gFrozenCount, 1);
    pthread_mutex_unlock(&gMutex);
}

void liandong_powercut_thaw(const char *pathPrefix) {
    pthread_mutex_lock(&gMutex);
    for (int i = 0; i < MAX_FROZEN; i++) {
        if (gFrozen[i] != NULL && strcmp(gFrozen[i], pathPrefix) == 0) {
            free(gFrozen[i]);
            gFrozen[i] = NULL;
            atomic_fetch_sub(&gFrozenCount, 1);
            break;
        }
    }
    pthread_mutex_unlock(&gMutex);
}

/* ---- Plain I/O ---------------------------------------------------------------------------- */

static char *sideLogPath(const char *path) {
    size_t length = strlen(path);
    char *result = malloc(length + sizeof SIDE_LOG_SUFFIX);
    if (result != NULL) {
        memcpy(result, path, length);
        memcpy(result + length, SIDE_LOG_SUFFIX, sizeof SIDE_LOG_SUFFIX);
    }
    return result;
}

/* 0 or an errno value. The side log is opened O_APPEND, so one write() is one record, placed
   atomically at the end even when several processes append. */
static int writeAll(int fd, const void *buffer, size_t count) {
    const char *bytes = buffer;
    while (count > 0) {
        ssize_t done = write(fd, bytes, count);
        if (done < 0) {
            if (errno == EINTR) continue;
            return errno;
        }
        bytes += done;
        count -= (size_t)done;
    }
    return 0;
}

static int pwriteAll(int fd, const void *buffer, size_t count, off_t offset) {
    const char *bytes = buffer;
    while (count > 0) {
        ssize_t done = pwrite(fd, bytes, count, offset);
        if (done < 0) {
            if (errno == EINTR) continue;
            return errno;
        }
        bytes += done;
        offset += done;
        count -= (size_t)done;
    }
    return 0;
}

/* The side log is shared by every connection and process that has the file open; an exclusive
   flock around each logged operation (image + write, sync + reset) keeps a sync from resetting
   the log between another writer's image and its write. flock, not fcntl, locks: they are
   separate from the POSIX locks SQLite takes on the file itself, and conflict between two
   descriptors of one process too. */
static int lockLog(int log) {
    while (flock(log, LOCK_EX) != 0) {
        if (errno != EINTR) return errno;
    }
    return 0;
}

static void unlockLog(int log) { flock(log, LOCK_UN); }

/* Starts the log afresh: nothing written so far can be lost any more. A kill between the
   truncate and the write leaves an empty log, which readLogHeader and apply read as "synced as
   it is": right, since the log is reset only after the sync returned. */
static int resetLog(int log, int64_t syncedSize) {
    LogHeader header = {LOG_MAGIC, LOG_VERSION, syncedSize};
    if (ftruncate(log, 0) != 0) return errno;
    return writeAll(log, &header, sizeof header);
}

/* The synced size recorded in the log (held locked); an empty log gets `currentSize`. */
static int readLogHeader(int log, int64_t currentSize, int64_t *syncedSize) {
    LogHeader header;
    ssize_t done;
    do {
        done = pread(log, &header, sizeof header, 0);
    } while (done < 0 && errno == EINTR);
    if (done == 0) {
        *syncedSize = currentSize;
        return resetLog(log, currentSize);
    }
    if (done != (ssize_t)sizeof header || header.magic != LOG_MAGIC || header.version != LOG_VERSION) {
        return done < 0 ? errno : EINVAL;
    }
    *syncedSize = header.syncedSize;
    return 0;
}

/* ---- The file methods --------------------------------------------------------------------- */

static int fileSize(PcFile *file, int64_t *size) {
    sqlite3_int64 result = 0;
    int rc = file->real->pMethods->xFileSize(file->real, &result);
    *size = result;
    return rc;
}

/* Logs the current bytes of [offset, end) of `file`, in pieces of at most IMAGE_CHUNK. The
   caller has clamped `end` to the current size: bytes at or past EOF have nothing to save, and
   when the file was shortened since the sync, the truncate already logged them. */
static int logImages(PcFile *file, int64_t offset, int64_t end) {
    while (offset < end) {
        int64_t length = end - offset < IMAGE_CHUNK ? end - offset : IMAGE_CHUNK;
        char *record = malloc(sizeof(ImageHeader) + (size_t)length);
        if (record == NULL) return SQLITE_NOMEM;
        ImageHeader header = {offset, length};
        memcpy(record, &header, sizeof header);
        int rc = file->real->pMethods->xRead(file->real, record + sizeof header, (int)length, offset);
        /* A short read (the file shrank under us, outside the layer) comes back zero-filled:
           those bytes are gone anyway, so zeros are as good an image as any. */
        if (rc == SQLITE_IOERR_SHORT_READ) rc = SQLITE_OK;
        if (rc == SQLITE_OK && writeAll(file->log, record, sizeof header + (size_t)length) != 0) {
            rc = SQLITE_IOERR_WRITE;
        }
        free(record);
        if (rc != SQLITE_OK) return rc;
        offset += length;
    }
    return SQLITE_OK;
}

/* Logs what changing [offset, end) would destroy of the synced state: only bytes below the
   synced size matter, since the cut truncates away everything past it. Log held locked. */
static int logBeforeChange(PcFile *file, int64_t offset, int64_t end) {
    int64_t size, synced;
    int rc = fileSize(file, &size);
    if (rc != SQLITE_OK) return rc;
    if (readLogHeader(file->log, size, &synced) != 0) return SQLITE_IOERR_READ;
    if (end > synced) end = synced;
    if (end > size) end = size;
    return logImages(file, offset, end);
}

static int pcClose(sqlite3_file *f) {
    PcFile *file = (PcFile *)f;
    int rc = file->real->pMethods->xClose(file->real);
    if (file->log >= 0) close(file->log);
    file->log = -1;
    return rc;
}

static int pcRead(sqlite3_file *f, void *buffer, int amount, sqlite3_int64 offset) {
    PcFile *file = (PcFile *)f;
    return file->real->pMethods->xRead(file->real, buffer, amount, offset);
}

static int pcWrite(sqlite3_file *f, const void *buffer, int amount, sqlite3_int64 offset) {
    PcFile *file = (PcFile *)f;
    if (isFrozen(file->path)) return SQLITE_OK;
    if (file->log < 0) return file->real->pMethods->xWrite(file->real, buffer, amount, offset);
    if (lockLog(file->log) != 0) return SQLITE_IOERR_WRITE;
    int rc = logBeforeChange(file, offset, offset + amount);
    /* Write-ahead: no image in the log, no write. */
    if (rc == SQLITE_OK) rc = file->real->pMethods->xWrite(file->real, buffer, amount, offset);
    unlockLog(file->log);
    return rc;
}

static int pcTruncate(sqlite3_file *f, sqlite3_int64 size) {
    PcFile *file = (PcFile *)f;
    if (isFrozen(file->path)) return SQLITE_OK;
    if (file->log < 0) return file->real->pMethods->xTruncate(file->real, size);
    if (lockLog(file->log) != 0) return SQLITE_IOERR_TRUNCATE;
    int rc = logBeforeChange(file, size, INT64_MAX);
    if (rc == SQLITE_OK) rc = file->real->pMethods->xTruncate(file->real, size);
    unlockLog(file->log);
    return rc;
}

static int pcSync(sqlite3_file *f, int flags) {
    PcFile *file = (PcFile *)f;
    if (isFrozen(file->path)) return SQLITE_OK;
    if (file->log < 0) return file->real->pMethods->xSync(file->real, flags);
    if (lockLog(file->log) != 0) return SQLITE_IOERR_FSYNC;
    /* The size is taken before the sync and the log is reset only after it succeeded: what the
       sync made durable is exactly the file as it stood, and a kill in between errs on the side
       of "not yet synced", which a real power cut during fsync may also do. */
    int64_t size;
    int rc = fileSize(file, &size);
    if (rc == SQLITE_OK) rc = file->real->pMethods->xSync(file->real, flags);
    if (rc == SQLITE_OK && resetLog(file->log, size) != 0) rc = SQLITE_IOERR_FSYNC;
    unlockLog(file->log);
    return rc;
}

static int pcFileSize(sqlite3_file *f, sqlite3_int64 *size) {
    PcFile *file = (PcFile *)f;
    return file->real->pMethods->xFileSize(file->real, size);
}

static int pcLock(sqlite3_file *f, int level) {
    PcFile *file = (PcFile *)f;
    return file->real->pMethods->xLock(file->real, level);
}

static int pcUnlock(sqlite3_file *f, int level) {
    PcFile *file = (PcFile *)f;
    return file->real->pMethods->xUnlock(file->real, level);
}

static int pcCheckReservedLock(sqlite3_file *f, int *result) {
    PcFile *file = (PcFile *)f;
    return file->real->pMethods->xCheckReservedLock(file->real, result);
}

static int pcFileControl(sqlite3_file *f, int op, void *argument) {
    PcFile *file = (PcFile *)f;
    return file->real->pMethods->xFileControl(file->real, op, argument);
}

static int pcSectorSize(sqlite3_file *f) {
    PcFile *file = (PcFile *)f;
    return file->real->pMethods->xSectorSize(file->real);
}

static int pcDeviceCharacteristics(sqlite3_file *f) {
    PcFile *file = (PcFile *)f;
    return file->real->pMethods->xDeviceCharacteristics(file->real);
}

/* The -shm file is a memory map that SQLite rebuilds from the WAL; the cut deletes it, so it
   needs no log, and its writes cannot be frozen (they do not go through xWrite). */
static int pcShmMap(sqlite3_file *f, int region, int size, int extend, void volatile **memory) {
    PcFile *file = (PcFile *)f;
    return file->real->pMethods->xShmMap(file->real, region, size, extend, memory);
}

static int pcShmLock(sqlite3_file *f, int offset, int count, int flags) {
    PcFile *file = (PcFile *)f;
    return file->real->pMethods->xShmLock(file->real, offset, count, flags);
}

static void pcShmBarrier(sqlite3_file *f) {
    PcFile *file = (PcFile *)f;
    file->real->pMethods->xShmBarrier(file->real);
}

static int pcShmUnmap(sqlite3_file *f, int deleteFlag) {
    PcFile *file = (PcFile *)f;
    return file->real->pMethods->xShmUnmap(file->real, deleteFlag);
}

/* Memory-mapped reads; writes never go through a map in the unix VFS, so they stay visible. */
static int pcFetch(sqlite3_file *f, sqlite3_int64 offset, int amount, void **pointer) {
    PcFile *file = (PcFile *)f;
    if (file->real->pMethods->iVersion < 3 || file->real->pMethods->xFetch == NULL) {
        *pointer = NULL;
        return SQLITE_OK;
    }
    return file->real->pMethods->xFetch(file->real, offset, amount, pointer);
}

static int pcUnfetch(sqlite3_file *f, sqlite3_int64 offset, void *pointer) {
    PcFile *file = (PcFile *)f;
    if (file->real->pMethods->iVersion < 3 || file->real->pMethods->xUnfetch == NULL) return SQLITE_OK;
    return file->real->pMethods->xUnfetch(file->real, offset, pointer);
}

static const sqlite3_io_methods pcMethods = {
    3,
    pcClose, pcRead, pcWrite, pcTruncate, pcSync, pcFileSize, pcLock, pcUnlock,
    pcCheckReservedLock, pcFileControl, pcSectorSize, pcDeviceCharacteristics,
    pcShmMap, pcShmLock, pcShmBarrier, pcShmUnmap,
    pcFetch, pcUnfetch,
};

/* For a real file without shared memory: SQLite then refuses WAL mode, as it would unwrapped. */
static const sqlite3_io_methods pcMethodsNoShm = {
    1,
    pcClose, pcRead, pcWrite, pcTruncate, pcSync, pcFileSize, pcLock, pcUnlock,
    pcCheckReservedLock, pcFileControl, pcSectorSize, pcDeviceCharacteristics,
    NULL, NULL, NULL, NULL, NULL, NULL,
};

/* ---- The VFS ------------------------------------------------------------------------------ */

/* Opens (creating it if needed) the side log of a file just opened for writing. A log already
   there is kept as it is: another connection or process has the file open, or a killed process
   left it for a cut not applied yet; either way it still describes what is not synced. A new
   log takes the file as durable as found (the layer cannot know better), or empty if this open
   created it. */
static int openSideLog(PcFile *file, int created) {
    char *logPath = sideLogPath(file->path);
    if (logPath == NULL) return SQLITE_NOMEM;
    int log = open(logPath, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    free(logPath);
    if (log < 0) return SQLITE_CANTOPEN;
    int64_t size = 0;
    int rc = created ? SQLITE_OK : fileSize(file, &size);
    if (rc == SQLITE_OK && lockLog(log) != 0) rc = SQLITE_CANTOPEN;
    if (rc == SQLITE_OK) {
        int64_t ignored;
        /* An empty log is a new one (or a reset cut short): it gets its header here. */
        if (readLogHeader(log, size, &ignored) != 0) rc = SQLITE_CANTOPEN;
        unlockLog(log);
    }
    if (rc != SQLITE_OK) {
        close(log);
        return rc;
    }
    file->log = log;
    return SQLITE_OK;
}

static int pcOpen(sqlite3_vfs *vfs, const char *name, sqlite3_file *f, int flags, int *outFlags) {
    (void)vfs;
    PcFile *file = (PcFile *)f;
    file->base.pMethods = NULL;
    file->real = (sqlite3_file *)&file[1];
    file->real->pMethods = NULL;
    file->path = name;
    file->log = -1;
    /* The files whose loss a power cut shows: -shm is rebuilt, temp files are never reread. */
    int tracked = name != NULL && (flags & SQLITE_OPEN_DELETEONCLOSE) == 0 &&
                  (flags & (SQLITE_OPEN_MAIN_DB | SQLITE_OPEN_MAIN_JOURNAL | SQLITE_OPEN_WAL)) != 0;
    int created = tracked && access(name, F_OK) != 0;
    int opened = 0;
    int rc = gReal->xOpen(gReal, name, file->real, flags, &opened);
    if (rc != SQLITE_OK) {
        if (file->real->pMethods != NULL) file->real->pMethods->xClose(file->real);
        return rc;
    }
    if (tracked && (opened & SQLITE_OPEN_READWRITE) != 0) {
        rc = openSideLog(file, created);
        if (rc != SQLITE_OK) {
            file->real->pMethods->xClose(file->real);
            return rc;
        }
    }
    const sqlite3_io_methods *real = file->real->pMethods;
    file->base.pMethods = real->iVersion >= 2 && real->xShmMap != NULL ? &pcMethods : &pcMethodsNoShm;
    if (outFlags != NULL) *outFlags = opened;
    return SQLITE_OK;
}

/* Deletes are durable at once (not modelled: see the top of the file), and so the side log of
   the deleted file goes with it: a later file of the same name starts from nothing. */
static int pcDelete(sqlite3_vfs *vfs, const char *name, int syncDirectory) {
    (void)vfs;
    if (isFrozen(name)) return SQLITE_OK;
    int rc = gReal->xDelete(gReal, name, syncDirectory);
    if (rc == SQLITE_OK || rc == SQLITE_IOERR_DELETE_NOENT) {
        char *logPath = sideLogPath(name);
        if (logPath != NULL) unlink(logPath);
        free(logPath);
    }
    return rc;
}

static int pcAccess(sqlite3_vfs *vfs, const char *name, int flags, int *result) {
    (void)vfs;
    return gReal->xAccess(gReal, name, flags, result);
}

static int pcFullPathname(sqlite3_vfs *vfs, const char *name, int size, char *out) {
    (void)vfs;
    return gReal->xFullPathname(gReal, name, size, out);
}

static void *pcDlOpen(sqlite3_vfs *vfs, const char *name) {
    (void)vfs;
    return gReal->xDlOpen(gReal, name);
}

static void pcDlError(sqlite3_vfs *vfs, int size, char *message) {
    (void)vfs;
    gReal->xDlError(gReal, size, message);
}

static void (*pcDlSym(sqlite3_vfs *vfs, void *handle, const char *symbol))(void) {
    (void)vfs;
    return gReal->xDlSym(gReal, handle, symbol);
}

static void pcDlClose(sqlite3_vfs *vfs, void *handle) {
    (void)vfs;
    gReal->xDlClose(gReal, handle);
}

static int pcRandomness(sqlite3_vfs *vfs, int size, char *out) {
    (void)vfs;
    return gReal->xRandomness(gReal, size, out);
}

static int pcSleep(sqlite3_vfs *vfs, int microseconds) {
    (void)vfs;
    return gReal->xSleep(gReal, microseconds);
}

static int pcCurrentTime(sqlite3_vfs *vfs, double *now) {
    (void)vfs;
    return gReal->xCurrentTime(gReal, now);
}

static int pcGetLastError(sqlite3_vfs *vfs, int size, char *message) {
    (void)vfs;
    return gReal->xGetLastError(gReal, size, message);
}

static int pcCurrentTimeInt64(sqlite3_vfs *vfs, sqlite3_int64 *now) {
    (void)vfs;
    return gReal->xCurrentTimeInt64(gReal, now);
}

static int pcSetSystemCall(sqlite3_vfs *vfs, const char *name, sqlite3_syscall_ptr call) {
    (void)vfs;
    return gReal->xSetSystemCall(gReal, name, call);
}

static sqlite3_syscall_ptr pcGetSystemCall(sqlite3_vfs *vfs, const char *name) {
    (void)vfs;
    return gReal->xGetSystemCall(gReal, name);
}

static const char *pcNextSystemCall(sqlite3_vfs *vfs, const char *name) {
    (void)vfs;
    return gReal->xNextSystemCall(gReal, name);
}

int liandong_powercut_register(int makeDefault) {
    pthread_mutex_lock(&gMutex);
    int rc = SQLITE_OK;
    if (gReal == NULL) {
        /* "unix" by name: the default may already be another wrapper, even this one. */
        sqlite3_vfs *real = sqlite3_vfs_find("unix");
        if (real == NULL || real->iVersion < 3) {
            rc = SQLITE_ERROR;
        } else {
            gVfs.iVersion = 3;
            gVfs.szOsFile = (int)sizeof(PcFile) + real->szOsFile;
            gVfs.mxPathname = real->mxPathname;
            gVfs.zName = "powercut";
            gVfs.xOpen = pcOpen;
            gVfs.xDelete = pcDelete;
            gVfs.xAccess = pcAccess;
            gVfs.xFullPathname = pcFullPathname;
            gVfs.xDlOpen = pcDlOpen;
            gVfs.xDlError = pcDlError;
            gVfs.xDlSym = pcDlSym;
            gVfs.xDlClose = pcDlClose;
            gVfs.xRandomness = pcRandomness;
            gVfs.xSleep = pcSleep;
            gVfs.xCurrentTime = pcCurrentTime;
            gVfs.xGetLastError = pcGetLastError;
            gVfs.xCurrentTimeInt64 = pcCurrentTimeInt64;
            gVfs.xSetSystemCall = pcSetSystemCall;
            gVfs.xGetSystemCall = pcGetSystemCall;
            gVfs.xNextSystemCall = pcNextSystemCall;
            gReal = real;
            rc = sqlite3_vfs_register(&gVfs, makeDefault);
            if (rc != SQLITE_OK) gReal = NULL;
        }
    } else if (makeDefault) {
        /* Registering again only moves it to the head of the list, making it the default. */
        rc = sqlite3_vfs_register(&gVfs, 1);
    }
    pthread_mutex_unlock(&gMutex);
    return rc;
}

/* ---- The power cut ------------------------------------------------------------------------ */

/* The whole side log at `logPath` in *content (malloc'd), or *content NULL when there is none. */
static int readSideLog(const char *logPath, char **content, size_t *length) {
    *content = NULL;
    *length = 0;
    int log = open(logPath, O_RDONLY | O_CLOEXEC);
    if (log < 0) return errno == ENOENT ? 0 : errno;
    struct stat status;
    int rc = fstat(log, &status) == 0 ? 0 : errno;
    size_t size = rc == 0 ? (size_t)status.st_size : 0;
    char *buffer = rc == 0 ? malloc(size > 0 ? size : 1) : NULL;
    if (rc == 0 && buffer == NULL) rc = ENOMEM;
    for (size_t at = 0; rc == 0 && at < size;) {
        ssize_t done = pread(log, buffer + at, size - at, (off_t)at);
        if (done < 0 && errno == EINTR) continue;
        if (done <= 0) rc = done < 0 ? errno : EIO;
        else at += (size_t)done;
    }
    close(log);
    if (rc != 0) {
        free(buffer);
        return rc;
    }
    *content = buffer;
    *length = size;
    return 0;
}

/* Puts `path` back as the side log `content` says it was at its last sync. */
static int restoreFromSideLog(const char *path, const char *content, size_t length) {
    if (length == 0) return 0; /* a reset cut short: the sync had completed */
    LogHeader header;
    if (length < sizeof header) return EINVAL;
    memcpy(&header, content, sizeof header);
    if (header.magic != LOG_MAGIC || header.version != LOG_VERSION || header.syncedSize < 0) return EINVAL;

    /* Where each complete image starts. A torn last record is dropped: being write-ahead, the
       write it would have undone had not started. */
    size_t count = 0, capacity = 0;
    size_t *records = NULL;
    for (size_t at = sizeof header; at + sizeof(ImageHeader) <= length;) {
        ImageHeader image;
        memcpy(&image, content + at, sizeof image);
        if (image.offset < 0 || image.length < 0 || (uint64_t)image.length > length - at - sizeof image) break;
        if (count == capacity) {
            capacity = capacity == 0 ? 64 : capacity * 2;
            size_t *grown = realloc(records, capacity * sizeof *records);
            if (grown == NULL) {
                free(records);
                return ENOMEM;
            }
            records = grown;
        }
        records[count++] = at;
        at += sizeof image + (size_t)image.length;
    }

    int rc = 0;
    int target = open(path, O_WRONLY | O_CLOEXEC);
    if (target < 0) {
        /* Deleted since: deletes are durable, there is nothing to restore. */
        rc = errno == ENOENT ? 0 : errno;
    } else {
        /* Newest first, so that the oldest image of a byte, its value at the sync, wins. */
        while (rc == 0 && count > 0) {
            ImageHeader image;
            size_t at = records[--count];
            memcpy(&image, content + at, sizeof image);
            rc = pwriteAll(target, content + at + sizeof image, (size_t)image.length, (off_t)image.offset);
        }
        if (rc == 0 && ftruncate(target, (off_t)header.syncedSize) != 0) rc = errno;
        close(target);
    }
    free(records);
    return rc;
}

int liandong_powercut_apply(const char *path) {
    char *logPath = sideLogPath(path);
    if (logPath == NULL) return ENOMEM;
    char *content;
    size_t length;
    int rc = readSideLog(logPath, &content, &length);
    if (rc == 0 && content != NULL) {
        rc = restoreFromSideLog(path, content, length);
        /* Last: until here a failed cut can be repeated from the same log, to the same file. */
        if (rc == 0 && unlink(logPath) != 0 && errno != ENOENT) rc = errno;
    }
    free(content);
    free(logPath);
    return rc;
}

/* Put a whole process on the layer without changing it: with LIANDONG_POWERCUT=1 and this file
   built as a shared library in LD_PRELOAD, every database the process opens uses the layer.
   SQLite is initialized here, before main: a program that calls sqlite3_config() first (the
   sqlite3 shell does) gets SQLITE_MISUSE for it and runs with the library's defaults. */
__attribute__((constructor)) static void registerFromEnvironment(void) {
    const char *value = getenv("LIANDONG_POWERCUT");
    if (value == NULL || strcmp(value, "1") != 0) return;
    int rc = liandong_powercut_register(1);
    if (rc != SQLITE_OK) fprintf(stderr, "powercut: cannot register the VFS (SQLite error %d)\n", rc);
}
