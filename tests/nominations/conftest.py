"""The decisions fixtures (a meeting with an agenda item) serve nominations too."""

from ..decisions.conftest import item, meeting, present  # noqa: F401
