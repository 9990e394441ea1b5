/* libc headers first: event2/event-config.h defines _GNU_SOURCE, and if it is seen
   before glibc's <features.h>, fd_set is declared differently from the Glibc/Dispatch
   modules and a clean build fails with a Clang module conflict. */
#include <sys/types.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/keyvalq_struct.h>
#include <event2/listener.h>
#include <event2/thread.h>
#include <event2/util.h>
