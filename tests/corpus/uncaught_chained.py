# Covers: uncaught chained exceptions: implicit chaining ("During handling of the above
# exception, another exception occurred") followed by explicit chaining ("The above
# exception was the direct cause"), each crossing several frames, plus a note.
# expect-exit: 1
class ConfigError(Exception):
    pass


def read_setting(settings, key):
    return settings[key]


def parse_port(settings):
    try:
        return int(read_setting(settings, "port"))
    except KeyError:
        fallback = settings.get("fallback")
        return int(fallback)


def load(settings):
    try:
        return parse_port(settings)
    except (TypeError, ValueError) as exc:
        err = ConfigError(f"bad settings: {sorted(settings)}")
        err.add_note("hint: set 'port'")
        raise err from exc


print(load({"port": "8080"}))
print(load({"host": "x", "fallback": None}))
