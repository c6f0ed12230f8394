"""Ballots for one Member sent at the same moment: exactly one is kept (real transactions)."""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import OperationalError, connection

from secretariat.decisions import services
from secretariat.decisions.models import Choice, SecretTally, Vote, VoteCast

ATTEMPTS = 20


@pytest.mark.django_db(transaction=True)
def test_a_member_cannot_vote_twice_even_at_once(tabled, present, cast, member):
    vote = services.vote_open(
        proposal=tabled, by=cast.sam, mode=Vote.Mode.MEETING, ballot=Vote.Ballot.SECRET
    )
    barrier = threading.Barrier(ATTEMPTS)
    outcomes = []

    def cast_ballot(choice):
        barrier.wait()
        try:
            for _attempt in range(400):
                try:
                    services.vote_cast(vote=vote, member=member, choice=choice, by=cast.alice)
                except OperationalError:
                    # The in-memory SQLite of the tests refuses a second writer at once where
                    # a file database would wait: wait here instead, as its busy timeout does.
                    time.sleep(0.05)
                    continue
                outcomes.append("kept")
                return
        except ValidationError as error:
            outcomes.append(error.messages[0])
        finally:
            connection.close()  # each thread has its own connection

    choices = [list(Choice)[n % len(Choice)] for n in range(ATTEMPTS)]
    threads = [threading.Thread(target=cast_ballot, args=(c,)) for c in choices]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["Indonesia has already voted."] * (ATTEMPTS - 1) + ["kept"]
    assert VoteCast.objects.filter(vote=vote).count() == 1
    tallies = SecretTally.objects.filter(vote=vote)
    assert sum(t.ballots for t in tallies) == 1  # the refused ones left nothing
