"""The range of a row's id."""

# The largest id a row can have (a signed 64-bit integer); a larger one would crash SQLite's driver
# on the lookup where PostgreSQL finds nothing.
MAX_ID = 2**63 - 1

# An id in a URL: up to 18 digits, so below MAX_ID; a longer one matches no route (a 404).
# Django's own range check (an empty result) misses lookups through a relation, such as the
# primary key of a company or a school (their organisation's), which SQLite's driver refuses.
ID_REGEX = "[0-9]{1,18}"
