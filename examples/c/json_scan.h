/*
 * json_scan.h: just enough JSON reading for the examples and the C tests to pick fields
 * out of sgpay's replies. A real program would use its own JSON library (cJSON, jansson,
 * nlohmann::json...); sgpay hands back plain JSON text so that any of them works.
 */
#ifndef SGPAY_JSON_SCAN_H
#define SGPAY_JSON_SCAN_H

#include <stdio.h>
#include <string.h>

static inline const char *json_skip_ws(const char *p) {
    while (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t') p++;
    return p;
}

/* Returns the first character after the JSON value at p, or NULL if it is malformed. */
static inline const char *json_skip_value(const char *p) {
    p = json_skip_ws(p);
    if (*p == '"') {
        for (p++; *p && *p != '"'; p++)
            if (*p == '\\' && p[1]) p++;
        return *p == '"' ? p + 1 : NULL;
    }
    if (*p == '{' || *p == '[') {
        int depth = 0;
        while (*p) {
            if (*p == '"') {
                p = json_skip_value(p);
                if (!p) return NULL;
                continue;
            }
            if (*p == '{' || *p == '[') depth++;
            if (*p == '}' || *p == ']') depth--;
            p++;
            if (depth == 0) return p;
        }
        return NULL;
    }
    while (*p && *p != ',' && *p != '}' && *p != ']' && *p != ' ' && *p != '\n') p++;
    return p;
}

/* Given p at a JSON object, returns a pointer to the value of member `key`, or NULL. */
static inline const char *json_member(const char *p, const char *key) {
    size_t key_len = strlen(key);
    if (!p) return NULL;
    p = json_skip_ws(p);
    if (*p != '{') return NULL;
    p = json_skip_ws(p + 1);
    while (*p == '"') {
        const char *name = p + 1;
        const char *end = json_skip_value(p);
        if (!end) return NULL;
        p = json_skip_ws(end);
        if (*p != ':') return NULL;
        p = json_skip_ws(p + 1);
        if ((size_t)(end - 1 - name) == key_len && strncmp(name, key, key_len) == 0) return p;
        p = json_skip_value(p);
        if (!p) return NULL;
        p = json_skip_ws(p);
        if (*p == ',') p = json_skip_ws(p + 1);
    }
    return NULL;
}

/* Given p at a JSON array, returns a pointer to its first element, or NULL. */
static inline const char *json_first(const char *p) {
    if (!p) return NULL;
    p = json_skip_ws(p);
    if (*p != '[') return NULL;
    p = json_skip_ws(p + 1);
    return *p == ']' ? NULL : p;
}

/* Copies the JSON string at p (escapes left as they are) into out; "" if p is not a string. */
static inline const char *json_string(const char *p, char *out, size_t out_size) {
    size_t n = 0;
    out[0] = '\0';
    if (!p || *(p = json_skip_ws(p)) != '"') return out;
    for (p++; *p && *p != '"' && n + 1 < out_size; p++) {
        if (*p == '\\' && p[1]) out[n++] = *p++;
        if (n + 1 < out_size) out[n++] = *p;
    }
    out[n] = '\0';
    return out;
}

#endif
