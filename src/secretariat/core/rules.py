"""Who may ask whether this process is up: anyone, since the answer names no data."""

import rules

# A load balancer probes without an account; the answer says only "ok" or which check failed.
rules.add_perm("core.probe_health", rules.always_allow)
