// SQLite settings Swift cannot make itself: `sqlite3_config` and `sqlite3_db_config` are variadic.
//
// Process-wide, made by a load-time constructor: `sqlite3_config` takes effect only before SQLite
// initialises, which the first `sqlite3_open` does.
//
// SQLITE_CONFIG_MEMSTATUS off: SQLite then keeps no global count of its allocations, which it
// otherwise updates under one process-wide mutex on every malloc and free. Debian builds SQLite
// without its lookaside allocator, so every small allocation of a statement's run takes that
// mutex; in a merge it cost about a tenth of SQLite's time. Nothing in Liandong reads those
// counts (sqlite3_memory_used and sqlite3_status would report 0).
//
// Per connection: triggers off while a merge runs (`Replica.withTriggersOff`).
#include <sqlite3.h>

#include "sqlite_tuning.h"

static int tuning_result = -1;

__attribute__((constructor)) static void liandong_sqlite_tune(void) {
    tuning_result = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

int liandong_sqlite_tuning_result(void) { return tuning_result; }

int liandong_sqlite_enable_triggers(sqlite3 *db, int on) {
    int now = -1;
    return sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_TRIGGER, on, &now);
}
