# Covers (fidelity): the logging module from VM code — records carry funcName, lineno,
# module and filename found by walking the caller's frames; levels, handlers to stdout,
# logger hierarchy, exc_info=True tracebacks in log output, %-style args.
import logging
import sys

logging.basicConfig(stream=sys.stdout, level=logging.DEBUG,
                    format="%(levelname)s:%(name)s:%(module)s:%(funcName)s:%(lineno)d: %(message)s")
log = logging.getLogger("app")
sub = logging.getLogger("app.db")


def connect(host):
    log.info("connecting to %s", host)
    sub.debug("pool size %d", 4)
    return host.upper()


class Service:
    def run(self):
        log.warning("service running in %s", type(self).__name__)
        try:
            {}["missing"]
        except KeyError:
            log.exception("lookup failed")
        log.error("done with errors=%d", 1, exc_info=False)


logging.info("root logger at module level")
print(connect("db.local"))
Service().run()
sub.setLevel(logging.WARNING)
sub.debug("suppressed")
sub.warning("visible")
lambda_log = lambda: log.critical("from a lambda")
lambda_log()
