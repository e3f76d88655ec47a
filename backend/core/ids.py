"""The range of a row's id."""

# The largest id a row can have (a signed 64-bit integer); a larger one would crash SQLite's driver
# on the lookup where PostgreSQL finds nothing.
MAX_ID = 2**63 - 1
