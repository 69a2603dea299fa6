"""The version of the fold's rules (the lifecycle, the stance rule, how duplicates and
conflicts are told). A database records the version its projections were built by;
a tracker whose rules differ refolds them (``tracker init``, or its first write).
Raise it with every change that can give an event another verdict or a draft another state.

Its own module, so that a report checks it without loading the fold.
"""

FOLD_RULES_VERSION = "1"
