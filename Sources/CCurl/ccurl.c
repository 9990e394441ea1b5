// libcurl through dlopen: a table of its functions, filled once by ccurl_load.

#include "CCurl.h"
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

static struct {
    CURLcode (*global_init)(long);
    CURL *(*easy_init)(void);
    void (*easy_cleanup)(CURL *);
    CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
    CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
    const char *(*easy_strerror)(CURLcode);
    CURLM *(*multi_init)(void);
    CURLMcode (*multi_cleanup)(CURLM *);
    CURLMcode (*multi_add_handle)(CURLM *, CURL *);
    CURLMcode (*multi_remove_handle)(CURLM *, CURL *);
    CURLMcode (*multi_socket_action)(CURLM *, curl_socket_t, int, int *);
    CURLMsg *(*multi_info_read)(CURLM *, int *);
    const char *(*multi_strerror)(CURLMcode);
    CURLMcode (*multi_setopt)(CURLM *, CURLMoption, ...);
    struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
    void (*slist_free_all)(struct curl_slist *);
} api;

static pthread_once_t loading = PTHREAD_ONCE_INIT;
static char loadError[512];
static int loadResult = -1;

static void loadOnce(void) {
    // The soname of Debian's libcurl4 (OpenSSL flavour, which libcurl4-openssl-dev builds against).
    void *library = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) {
        snprintf(loadError, sizeof loadError, "cannot load libcurl (%s); install the libcurl4 package", dlerror());
        return;
    }
    struct { void **slot; const char *name; } symbols[] = {
        {(void **)&api.global_init, "curl_global_init"},
        {(void **)&api.easy_init, "curl_easy_init"},
        {(void **)&api.easy_cleanup, "curl_easy_cleanup"},
        {(void **)&api.easy_setopt, "curl_easy_setopt"},
        {(void **)&api.easy_getinfo, "curl_easy_getinfo"},
        {(void **)&api.easy_strerror, "curl_easy_strerror"},
        {(void **)&api.multi_init, "curl_multi_init"},
        {(void **)&api.multi_cleanup, "curl_multi_cleanup"},
        {(void **)&api.multi_add_handle, "curl_multi_add_handle"},
        {(void **)&api.multi_remove_handle, "curl_multi_remove_handle"},
        {(void **)&api.multi_socket_action, "curl_multi_socket_action"},
        {(void **)&api.multi_info_read, "curl_multi_info_read"},
        {(void **)&api.multi_strerror, "curl_multi_strerror"},
        {(void **)&api.multi_setopt, "curl_multi_setopt"},
        {(void **)&api.slist_append, "curl_slist_append"},
        {(void **)&api.slist_free_all, "curl_slist_free_all"},
    };
    for (size_t i = 0; i < sizeof symbols / sizeof symbols[0]; i++) {
        *symbols[i].slot = dlsym(library, symbols[i].name);
        if (*symbols[i].slot == NULL) {
            snprintf(loadError, sizeof loadError, "libcurl.so.4 has no %s; it is older than this build needs",
                     symbols[i].name);
            return;
        }
    }
    CURLcode code = api.global_init(CURL_GLOBAL_ALL);
    if (code != CURLE_OK) {
        snprintf(loadError, sizeof loadError, "curl_global_init failed: %s", api.easy_strerror(code));
        return;
    }
    loadResult = 0;
}

int ccurl_load(char *error, size_t size) {
    pthread_once(&loading, loadOnce);
    if (loadResult != 0 && error != NULL && size > 0) snprintf(error, size, "%s", loadError);
    return loadResult;
}

CURL *ccurl_easy_init(void) { return api.easy_init(); }
void ccurl_easy_cleanup(CURL *handle) { api.easy_cleanup(handle); }
const char *ccurl_easy_strerror(CURLcode code) { return api.easy_strerror(code); }
CURLM *ccurl_multi_init(void) { return api.multi_init(); }
CURLMcode ccurl_multi_cleanup(CURLM *multi) { return api.multi_cleanup(multi); }
CURLMcode ccurl_multi_add_handle(CURLM *multi, CURL *handle) { return api.multi_add_handle(multi, handle); }
CURLMcode ccurl_multi_remove_handle(CURLM *multi, CURL *handle) { return api.multi_remove_handle(multi, handle); }
CURLMcode ccurl_multi_socket_action(CURLM *multi, curl_socket_t socket, int mask, int *running) {
    return api.multi_socket_action(multi, socket, mask, running);
}
CURLMsg *ccurl_multi_info_read(CURLM *multi, int *queued) { return api.multi_info_read(multi, queued); }
const char *ccurl_multi_strerror(CURLMcode code) { return api.multi_strerror(code); }
struct curl_slist *ccurl_slist_append(struct curl_slist *list, const char *string) { return api.slist_append(list, string); }
void ccurl_slist_free_all(struct curl_slist *list) { api.slist_free_all(list); }

CURLcode ccurl_easy_setopt_long(CURL *h, CURLoption o, long v) { return api.easy_setopt(h, o, v); }
CURLcode ccurl_easy_setopt_off(CURL *h, CURLoption o, curl_off_t v) { return api.easy_setopt(h, o, v); }
CURLcode ccurl_easy_setopt_str(CURL *h, CURLoption o, const char *v) { return api.easy_setopt(h, o, v); }
CURLcode ccurl_easy_setopt_ptr(CURL *h, CURLoption o, void *v) { return api.easy_setopt(h, o, v); }
CURLcode ccurl_easy_setopt_slist(CURL *h, CURLoption o, struct curl_slist *v) { return api.easy_setopt(h, o, v); }
CURLcode ccurl_easy_setopt_writefn(CURL *h, curl_write_callback f) { return api.easy_setopt(h, CURLOPT_WRITEFUNCTION, f); }
CURLcode ccurl_easy_setopt_headerfn(CURL *h, curl_write_callback f) { return api.easy_setopt(h, CURLOPT_HEADERFUNCTION, f); }
CURLcode ccurl_easy_setopt_xferinfofn(CURL *h, curl_xferinfo_callback f) { return api.easy_setopt(h, CURLOPT_XFERINFOFUNCTION, f); }
CURLcode ccurl_easy_setopt_errorbuffer(CURL *h, char *buffer) { return api.easy_setopt(h, CURLOPT_ERRORBUFFER, buffer); }
CURLcode ccurl_easy_getinfo_long(CURL *h, CURLINFO i, long *v) { return api.easy_getinfo(h, i, v); }
CURLcode ccurl_easy_getinfo_ptr(CURL *h, CURLINFO i, void **v) { return api.easy_getinfo(h, i, v); }
CURLcode ccurl_easy_getinfo_double(CURL *h, CURLINFO i, double *v) { return api.easy_getinfo(h, i, v); }
CURLMcode ccurl_multi_setopt_long(CURLM *m, CURLMoption o, long v) { return api.multi_setopt(m, o, v); }
CURLMcode ccurl_multi_setopt_ptr(CURLM *m, CURLMoption o, void *v) { return api.multi_setopt(m, o, v); }
CURLMcode ccurl_multi_setopt_socketfn(CURLM *m, curl_socket_callback f) { return api.multi_setopt(m, CURLMOPT_SOCKETFUNCTION, f); }
CURLMcode ccurl_multi_setopt_timerfn(CURLM *m, curl_multi_timer_callback f) { return api.multi_setopt(m, CURLMOPT_TIMERFUNCTION, f); }
