"""Liveness and readiness, for a load balancer or a process manager to probe.

Live: the process answers (nothing else is touched, so a slow database never gets a
healthy process restarted). Ready: it can serve: the database answers, every migration
is applied, and the cache shared between processes answers.
"""

import logging
import uuid

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

log = logging.getLogger(__name__)


def _check_database() -> bool:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


def _check_migrations() -> bool:
    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    return not executor.migration_plan(executor.loader.graph.leaf_nodes())


def _check_cache() -> bool:
    # A key of its own: probes of several processes at once must not read each other's token.
    token = uuid.uuid4().hex
    key = f"health:ready:{token}"
    cache.set(key, token, 10)
    try:
        return cache.get(key) == token
    finally:
        cache.delete(key)


CHECKS = {"database": _check_database, "migrations": _check_migrations, "cache": _check_cache}


def _outcome(check) -> str:
    try:
        return "ok" if check() else "failing"
    except Exception:  # a probe says which check failed; why goes to the log, never out
        log.exception("Readiness check failed")
        return "failing"


def _probe(request):
    if not request.user.has_perm("core.probe_health"):
        raise PermissionDenied


@never_cache
def live(request):
    _probe(request)
    return JsonResponse({"status": "ok"})


@never_cache
def ready(request):
    _probe(request)
    checks = {name: _outcome(check) for name, check in CHECKS.items()}
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "failing", **checks}, status=200 if healthy else 503
    )
