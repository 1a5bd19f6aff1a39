/*
 * example_settings.h: what the C examples (and the C tests) share: the settings read from
 * the environment, made into a client configuration, and giving up with the error document.
 *
 * SGPAY_BASE_URL, SGPAY_PROJECT and SGPAY_PRIVATE_KEY_PATH (an RSA key in PEM) must be set;
 * `make demo` sets them for the sandbox.
 */
#ifndef SGPAY_EXAMPLE_SETTINGS_H
#define SGPAY_EXAMPLE_SETTINGS_H

#include <stdio.h>
#include <stdlib.h>

#include "sgpay.h"

/* Returns the environment variable `name`, or exits saying that it must be set. */
static inline const char *env_or_die(const char *name) {
    const char *value = getenv(name);
    if (!value || !*value) {
        fprintf(stderr, "set %s (see examples/README.md)\n", name);
        exit(2);
    }
    return value;
}

/* Copies `text` into out as the inside of a JSON string: a Windows path such as
 * C:\keys\partner.pem needs its backslashes escaped. */
static inline void json_escape(const char *text, char *out, size_t out_size) {
    size_t n = 0;
    for (; *text && n + 2 < out_size; text++) {
        if (*text == '\\' || *text == '"') out[n++] = '\\';
        out[n++] = *text;
    }
    out[n] = '\0';
}

/* Writes into out the configuration JSON of a client for the environment's settings, with
 * `extra` members appended inside the object (e.g. ",\"journal_path\":\"...\"", or ""). */
static inline void config_from_env(char *out, size_t out_size, const char *extra) {
    char key_path[1024];
    json_escape(env_or_die("SGPAY_PRIVATE_KEY_PATH"), key_path, sizeof key_path);
    snprintf(out, out_size, "{\"base_url\":\"%s\",\"project\":\"%s\",\"private_key_path\":\"%s\"%s}",
             env_or_die("SGPAY_BASE_URL"), env_or_die("SGPAY_PROJECT"), key_path, extra);
}

/* Writes into out the configuration JSON of the environment's settings with the crash-safe
 * journal at journal_path. */
static inline void journaled_config_from_env(char *out, size_t out_size, const char *journal_path) {
    char escaped[1024], extra[1100];
    json_escape(journal_path, escaped, sizeof escaped);
    snprintf(extra, sizeof extra, ",\"journal_path\":\"%s\"", escaped);
    config_from_env(out, out_size, extra);
}

/* Removes a journal and the files SQLite keeps beside it (its write-ahead log and index). */
static inline void remove_journal_files(const char *journal_path) {
    char path[1100];
    remove(journal_path);
    snprintf(path, sizeof path, "%s-wal", journal_path);
    remove(path);
    snprintf(path, sizeof path, "%s-shm", journal_path);
    remove(path);
}

/* Prints the error document and exits: a real till would show it and decide. */
static inline void fail(const char *step, int32_t status, char *doc) {
    fprintf(stderr, "%s failed with status %d: %s\n", step, status, doc ? doc : "(no document)");
    sgpay_string_free(doc);
    exit(1);
}

#endif
