"""Two server processes on a PostgreSQL server that accepts only TLS with a client
certificate: the live listener connects with the same settings as the rest of the app, so
a chair's action on one process reaches a stream on the other."""

import time

import pytest

from .pgtls import TlsPostgres
from .test_live_stream import (
    CHAIR,
    DELEGATE,
    LiveServer,
    Stream,
    _delegation_id,
    joint_session_path,
    post,
    signed_in,
    waiting,
)

pytestmark = pytest.mark.slow


def test_two_processes_on_a_database_requiring_tls_stay_in_step():
    with TlsPostgres() as database, LiveServer(database_url=database.url()) as server:
        other = server.serve_another()
        chair = signed_in(server, CHAIR)
        delegate = signed_in(server, DELEGATE, base=other)
        live = joint_session_path(chair)
        stream = Stream(delegate, live)  # on the second process
        stream.next_event()
        indonesia = _delegation_id(chair, live, "Indonesia")
        post(chair, live + "/chair/add/", {"delegation": indonesia}, follow=False)
        started = time.monotonic()
        _event_id, state = stream.next_event(timeout=5)
        assert time.monotonic() - started < 5
        assert "Indonesia" in waiting(state)
        stream.close()
        # The listener never lost its connection on the way.
        assert "Live listener lost its connection" not in server.log_path.read_text()
