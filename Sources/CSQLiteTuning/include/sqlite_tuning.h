#ifndef LIANDONG_SQLITE_TUNING_H
#define LIANDONG_SQLITE_TUNING_H

/// The result code of the process-wide SQLite settings made when the process loads
/// (SQLITE_OK = 0 when they took effect; see tuning.c).
int liandong_sqlite_tuning_result(void);

typedef struct sqlite3 sqlite3;

/// Turns the connection's triggers off (0) or on (1): SQLITE_DBCONFIG_ENABLE_TRIGGER, which
/// `sqlite3_db_config` takes as a variadic argument. Returns SQLite's result code.
int liandong_sqlite_enable_triggers(sqlite3 *db, int on);

#endif
