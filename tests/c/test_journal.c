/* sgpay_pay and the journal functions through the C ABI: NULLs, no journal configured, an
 * unwritable journal, a decline as an outcome, entries (masked card) and acknowledgement. */
#include <unistd.h>

#include "harness.h"

#define DECLINED_SALE                                                                          \
    "{\"amount_details\":{\"amount\":500,\"currency\":\"rub\"},"                               \
    "\"payment_details\":{\"type\":\"card\",\"card\":{\"type\":\"bank_card\","                 \
    "\"bank_card\":{\"number\":\"4000000000000002\",\"expiration_month\":\"12\","              \
    "\"expiration_year\":\"30\",\"security_code\":\"123\"}}},"                                 \
    "\"customer\":{\"reference\":\"c-test\"}}"

static void journal_functions_check_nulls(sgpay_client *client) {
    char *doc = NULL;
    int32_t rc = sgpay_pay(NULL, "{}", NULL, &doc);
    CHECK_STATUS(rc, SGPAY_ERR_INVALID_ARGUMENT, doc, "client\\\" is NULL");
    rc = sgpay_pay(client, NULL, NULL, &doc);
    CHECK_STATUS(rc, SGPAY_ERR_INVALID_ARGUMENT, doc, "request_json\\\" is NULL");
    rc = sgpay_journal_entries(NULL, NULL, &doc);
    CHECK_STATUS(rc, SGPAY_ERR_INVALID_ARGUMENT, doc, "client\\\" is NULL");
    rc = sgpay_journal_recover(NULL, NULL, &doc);
    CHECK_STATUS(rc, SGPAY_ERR_INVALID_ARGUMENT, doc, "client\\\" is NULL");
    rc = sgpay_journal_acknowledge(client, NULL, &doc);
    CHECK_STATUS(rc, SGPAY_ERR_INVALID_ARGUMENT, doc, "entry_id\\\" is NULL");
    rc = sgpay_journal_entries(client, NULL, &doc);
    CHECK_STATUS(rc, SGPAY_ERR_CONFIG, doc, "journal_path");
    rc = sgpay_pay(client, DECLINED_SALE, "{\"confirm\":\"sometimes\"}", &doc);
    CHECK_STATUS(rc, SGPAY_ERR_INVALID_ARGUMENT, doc, "confirm");
}

/* A folder for scratch files on Linux and under Wine, with '/' separators. */
static const char *scratch_folder(void) {
    const char *folder = getenv("TEMP");
    if (!folder) folder = getenv("TMPDIR");
    return folder ? folder : "/tmp";
}

static void unwritable_journal_is_status_40(void) {
    char config[4096], key_path[1024], extra[1100];
    sgpay_client *client = NULL;
    char *doc = NULL;
    /* The key file exists and is a file, so nothing can be created below it. */
    json_escape(test_key_path(), key_path, sizeof key_path);
    snprintf(extra, sizeof extra, ",\"journal_path\":\"%s/journal.db\"", key_path);
    config_from_env(config, sizeof config, extra);
    int32_t rc = sgpay_client_new(config, &client, &doc);
    CHECK(client == NULL, "a client with an unwritable journal");
    CHECK_STATUS(rc, SGPAY_ERR_JOURNAL, doc, "\"code\":\"journal\"");
}

static void decline_is_an_outcome_and_is_journaled(void) {
    char extra[1200], path[500], escaped[1000], entry_id[64];
    char *doc = NULL;
    snprintf(path, sizeof path, "%s/sgpay-c-journal-%ld.db", scratch_folder(), (long)getpid());
    json_escape(path, escaped, sizeof escaped);
    snprintf(extra, sizeof extra, ",\"journal_path\":\"%s\"", escaped);
    sgpay_client *client = test_client(extra);
    int32_t rc = sgpay_pay(client, DECLINED_SALE, "{\"reference\":\"C-1\",\"poll_interval_ms\":20}",
                           &doc);
    CHECK_STATUS(rc, SGPAY_OK, doc, "\"outcome\":\"declined\"");
    rc = sgpay_journal_entries(client, "{\"reference\":\"C-1\"}", &doc);
    CHECK(rc == SGPAY_OK && doc && strstr(doc, "400000******0002") && !strstr(doc, "4000000000000002"),
          "entries: %s", doc ? doc : "(null)");
    const char *id = doc ? strstr(doc, "\"id\":\"") : NULL;
    snprintf(entry_id, sizeof entry_id, "%.35s", id ? id + 6 : "");
    sgpay_string_free(doc);
    rc = sgpay_journal_acknowledge(client, entry_id, &doc);
    CHECK_STATUS(rc, SGPAY_OK, doc, "\"acknowledged_at\":\"");
    rc = sgpay_journal_recover(client, NULL, &doc);
    CHECK_STATUS(rc, SGPAY_OK, doc, "\"entries\":[]");
    sgpay_client_free(client);
    for (int i = 0; i < 3; i++) {
        char file[520];
        snprintf(file, sizeof file, "%s%s", path, i == 0 ? "" : i == 1 ? "-wal" : "-shm");
        remove(file);
    }
}

void test_journal(void) {
    sgpay_client *client = test_client(NULL);
    journal_functions_check_nulls(client);
    sgpay_client_free(client);
    unwritable_journal_is_status_40();
    decline_is_an_outcome_and_is_journaled();
}
