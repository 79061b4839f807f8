/* One exclusive lock per batch folder (SPEC section 5.1): gate runs and
 * sign-offs read, transition and write the batch status under it, so a
 * FAIL is never lost to a racing GO. And a folder belongs to one batch:
 * B/1 and B_1 share release-evidence/B_1, and the second one to come is
 * refused (BATCH_FOLDER_CONFLICT). */
#ifndef INGESTGATE_BATCH_LOCK_H
#define INGESTGATE_BATCH_LOCK_H

#define BATCH_LOCK_FILE ".lock"

/* Takes the exclusive lock of the batch folder dir (its .lock file),
 * waiting up to 30 s for the holder: the descriptor; -2 when dir does not exist and
 * create is 0; -1 with *cause (caller frees). create makes the folder. */
int batch_lock_take(const char *dir, int create, char **cause);
/* Releases it (closes fd; -1 is ignored). */
void batch_lock_release(int fd);

/* The batch a folder's batch-status.json and latest.json name (NULL when
 * the file or the field is absent); caller frees. */
void batch_folder_owners(const char *dir, char **status_batch,
    char **evidence_batch);

/* 0 when the folder dir (shown as shown) may hold batch: neither its batch
 * status nor its evidence names another batch code that maps to the same
 * folder. -1 with *cause "BATCH_FOLDER_CONFLICT: ..." otherwise. */
int batch_folder_check(const char *dir, const char *shown, const char *batch,
    char **cause);

#endif
