#ifndef SEOPIPE_LOG_H
#define SEOPIPE_LOG_H

/*
 * One structured logger: JSON lines on stderr, {"ts","level","msg",...}.
 * Never pass bodies, secrets or credentials. Thread-safe (one write per line).
 */

/* Logs `msg` at `level` ("info", "warn", "error") with extra fields given as
 * key/value string pairs, NULL-terminated: seo_log("info", "listening",
 * "listen", "127.0.0.1:8080", NULL). */
void seo_log(const char *level, const char *msg, ...);

#endif
