"""The listening connection of each process connects as the rest of the app does."""

from django.test import override_settings

from secretariat.live.broker import listen_params

from ..core.test_settings import run

TLS = (
    "postgres://live:secret@db.example.org:6432/secretariat?sslmode=verify-full"
    "&sslrootcert=/etc/secretariat/ca.crt&sslcert=/etc/secretariat/client.crt"
    "&sslkey=/etc/secretariat/client.key&options=-c%20statement_timeout%3D0"
)


@override_settings(LIVE_DATABASE_URL=TLS)
def test_the_listener_keeps_tls_certificates_and_options():
    params = listen_params()
    assert (
        params.items()
        >= {
            "host": "db.example.org",
            "port": 6432,
            "user": "live",
            "password": "secret",
            "dbname": "secretariat",
            "sslmode": "verify-full",
            "sslrootcert": "/etc/secretariat/ca.crt",
            "sslcert": "/etc/secretariat/client.crt",
            "sslkey": "/etc/secretariat/client.key",
            "options": "-c statement_timeout=0",
            "autocommit": True,
        }.items()
    )
    # Nothing Django keeps for itself is passed to the driver.
    assert not {"pool", "cursor_factory", "context", "isolation_level"} & set(params)


def test_the_listener_uses_the_apps_database_by_default():
    shown = run(
        "shell",
        "--no-imports",
        "-c",
        "from secretariat.live.broker import listen_params; p = listen_params();"
        "print(p['sslmode'], p['sslcert'], p['host'], p['dbname'])",
        SECRETARIAT_MODE="demo",
        DATABASE_URL="postgres://u@db.example.org/x?sslmode=require&sslcert=/c.crt",
    )
    assert shown.stdout.split() == ["require", "/c.crt", "db.example.org", "x"], shown.stderr


def test_the_pool_size_is_a_setting():
    shown = run(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.DATABASES['default']['OPTIONS']['pool'])",
        SECRETARIAT_MODE="demo",
        DATABASE_URL="postgres://u@db.example.org/x",
        SECRETARIAT_DB_POOL_SIZE="12",
        SECRETARIAT_DB_POOL_MIN="2",
    )
    assert shown.stdout.strip() == "{'min_size': 2, 'max_size': 12, 'timeout': 30.0}", shown.stderr
