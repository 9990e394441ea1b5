#ifndef SWITCHBOARD_CCURL_H
#define SWITCHBOARD_CCURL_H

#include <stddef.h>
#include <sys/types.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <curl/curl.h>

/* libcurl is opened with dlopen on first use instead of being linked, so that processes that
   never make an HTTP request (the agents, most CLI commands) do not load it and the ~25
   libraries it pulls in (OpenSSL, GnuTLS, Kerberos, LDAP, ...). Only these wrappers may be
   called; calling a curl_* function directly fails to link, as nothing links libcurl.

   curl_easy_setopt / curl_easy_getinfo / curl_multi_setopt are C variadic functions, which
   Swift cannot call: one typed wrapper per argument kind. */

/// Opens libcurl and runs curl_global_init, once per process. Returns 0, or -1 with the reason
/// in `error` (NUL-terminated, at most `size` bytes); later calls return the first result.
int ccurl_load(char *error, size_t size);

CURL *ccurl_easy_init(void);
void ccurl_easy_cleanup(CURL *handle);
const char *ccurl_easy_strerror(CURLcode code);
CURLM *ccurl_multi_init(void);
CURLMcode ccurl_multi_cleanup(CURLM *multi);
CURLMcode ccurl_multi_add_handle(CURLM *multi, CURL *handle);
CURLMcode ccurl_multi_remove_handle(CURLM *multi, CURL *handle);
CURLMcode ccurl_multi_socket_action(CURLM *multi, curl_socket_t socket, int mask, int *running);
CURLMsg *ccurl_multi_info_read(CURLM *multi, int *queued);
const char *ccurl_multi_strerror(CURLMcode code);
struct curl_slist *ccurl_slist_append(struct curl_slist *list, const char *string);
void ccurl_slist_free_all(struct curl_slist *list);

CURLcode ccurl_easy_setopt_long(CURL *h, CURLoption o, long v);
CURLcode ccurl_easy_setopt_off(CURL *h, CURLoption o, curl_off_t v);
CURLcode ccurl_easy_setopt_str(CURL *h, CURLoption o, const char *v);
CURLcode ccurl_easy_setopt_ptr(CURL *h, CURLoption o, void *v);
CURLcode ccurl_easy_setopt_slist(CURL *h, CURLoption o, struct curl_slist *v);
CURLcode ccurl_easy_setopt_writefn(CURL *h, curl_write_callback f);
CURLcode ccurl_easy_setopt_headerfn(CURL *h, curl_write_callback f);
CURLcode ccurl_easy_setopt_xferinfofn(CURL *h, curl_xferinfo_callback f);
CURLcode ccurl_easy_setopt_errorbuffer(CURL *h, char *buffer);
CURLcode ccurl_easy_getinfo_long(CURL *h, CURLINFO i, long *v);
CURLcode ccurl_easy_getinfo_ptr(CURL *h, CURLINFO i, void **v);
CURLcode ccurl_easy_getinfo_double(CURL *h, CURLINFO i, double *v);
CURLMcode ccurl_multi_setopt_long(CURLM *m, CURLMoption o, long v);
CURLMcode ccurl_multi_setopt_ptr(CURLM *m, CURLMoption o, void *v);
CURLMcode ccurl_multi_setopt_socketfn(CURLM *m, curl_socket_callback f);
CURLMcode ccurl_multi_setopt_timerfn(CURLM *m, curl_multi_timer_callback f);

/* The client's loop thread drives curl_multi_socket_action from epoll (sys/epoll.h above) and is
   woken by an eventfd when a request or a cancellation is queued from another thread. */

#endif
