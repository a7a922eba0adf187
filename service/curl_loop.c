#include "curl_loop.h"

#include <event2/event.h>
#include <stdlib.h>
#include <sys/socket.h>

struct seo_curl_loop {
    struct event_base *base;
    CURLM *multi;
    struct event *timer;
    seo_curl_done *done;
    void *arg;
};

static void check_done(struct seo_curl_loop *l)
{
    CURLMsg *msg;
    int left;
    while ((msg = curl_multi_info_read(l->multi, &left)))
        if (msg->msg == CURLMSG_DONE)
            l->done(msg->easy_handle, msg->data.result, l->arg);
}

static void on_socket_event(evutil_socket_t fd, short what, void *arg)
{
    struct seo_curl_loop *l = arg;
    int flags = (what & EV_READ ? CURL_CSELECT_IN : 0) | (what & EV_WRITE ? CURL_CSELECT_OUT : 0);
    int running;
    curl_multi_socket_action(l->multi, fd, flags, &running);
    check_done(l);
}

/* curl tells which events a socket needs: one persistent libevent event per socket. */
static int on_curl_socket(CURL *easy, curl_socket_t s, int what, void *userp, void *socketp)
{
    (void)easy;
    struct seo_curl_loop *l = userp;
    struct event *ev = socketp;
    if (ev)
        event_free(ev);
    if (what == CURL_POLL_REMOVE) {
        curl_multi_assign(l->multi, s, NULL);
        return 0;
    }
    short kind = (short)(EV_PERSIST | (what & CURL_POLL_IN ? EV_READ : 0) |
                         (what & CURL_POLL_OUT ? EV_WRITE : 0));
    ev = event_new(l->base, s, kind, on_socket_event, l);
    if (!ev || event_add(ev, NULL) != 0) {
        if (ev)
            event_free(ev);
        curl_multi_assign(l->multi, s, NULL);
        return -1;
    }
    curl_multi_assign(l->multi, s, ev);
    return 0;
}

static void on_timeout(evutil_socket_t fd, short what, void *arg)
{
    (void)fd, (void)what;
    struct seo_curl_loop *l = arg;
    int running;
    curl_multi_socket_action(l->multi, CURL_SOCKET_TIMEOUT, 0, &running);
    check_done(l);
}

static int on_curl_timer(CURLM *multi, long timeout_ms, void *userp)
{
    (void)multi;
    struct seo_curl_loop *l = userp;
    if (timeout_ms < 0) {
        evtimer_del(l->timer);
        return 0;
    }
    struct timeval tv = {timeout_ms / 1000, (timeout_ms % 1000) * 1000};
    return evtimer_add(l->timer, &tv) == 0 ? 0 : -1;
}

struct seo_curl_loop *seo_curl_loop_new(struct event_base *base, seo_curl_done *done, void *arg)
{
    struct seo_curl_loop *l = calloc(1, sizeof(*l));
    if (!l)
        return NULL;
    l->base = base;
    l->done = done;
    l->arg = arg;
    l->multi = curl_multi_init();
    l->timer = evtimer_new(base, on_timeout, l);
    if (!l->multi || !l->timer) {
        seo_curl_loop_free(l);
        return NULL;
    }
    curl_multi_setopt(l->multi, CURLMOPT_SOCKETFUNCTION, on_curl_socket);
    curl_multi_setopt(l->multi, CURLMOPT_SOCKETDATA, l);
    curl_multi_setopt(l->multi, CURLMOPT_TIMERFUNCTION, on_curl_timer);
    curl_multi_setopt(l->multi, CURLMOPT_TIMERDATA, l);
    return l;
}

void seo_curl_loop_free(struct seo_curl_loop *l)
{
    if (!l)
        return;
    if (l->multi)
        curl_multi_cleanup(l->multi);
    if (l->timer)
        event_free(l->timer);
    free(l);
}

bool seo_curl_loop_add(struct seo_curl_loop *l, CURL *easy)
{
    return curl_multi_add_handle(l->multi, easy) == CURLM_OK;
}

void seo_curl_loop_remove(struct seo_curl_loop *l, CURL *easy)
{
    curl_multi_remove_handle(l->multi, easy);
}

/* Every connection's address is checked when it is made, so DNS rebinding cannot pass. */
static curl_socket_t on_open_socket(void *arg, curlsocktype purpose, struct curl_sockaddr *addr)
{
    struct seo_curl_guard *g = arg;
    (void)purpose;
    if (!seo_outbound_address_allowed(&addr->addr, g->policy, &g->why)) {
        g->blocked = true;
        return CURL_SOCKET_BAD;
    }
    return socket(addr->family, addr->socktype | SOCK_CLOEXEC, addr->protocol);
}

void seo_curl_guard(CURL *easy, struct seo_curl_guard *g)
{
    curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(easy, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(easy, CURLOPT_PROXY, "");
    curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(easy, CURLOPT_OPENSOCKETFUNCTION, on_open_socket);
    curl_easy_setopt(easy, CURLOPT_OPENSOCKETDATA, g);
}

const char *seo_curl_error_class(CURLcode rc, const struct seo_curl_guard *g)
{
    if (g && g->blocked)
        return "blocked";
    switch (rc) {
    case CURLE_OPERATION_TIMEDOUT:
        return "timeout";
    case CURLE_COULDNT_RESOLVE_HOST:
        return "dns";
    case CURLE_COULDNT_CONNECT:
        return "connect";
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
        return "tls";
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
        return "reset";
    case CURLE_FILESIZE_EXCEEDED:
    case CURLE_WRITE_ERROR:
        return "too_big";
    case CURLE_TOO_MANY_REDIRECTS:
        return "redirects";
    default:
        return "error";
    }
}
