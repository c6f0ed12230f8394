from ..practices.conftest import make_practice, themes  # noqa: F401
