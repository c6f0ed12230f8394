from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve the site (ASGI, uvicorn): pages, the API, live streams and static files."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--workers", type=int, default=1, help="Processes; a good start is one per CPU core."
        )
        parser.add_argument(
            "--forwarded-allow-ips",
            default=None,
            help="The proxies whose X-Forwarded-Proto and -For headers are believed "
            "(default: the TRUSTED_PROXIES setting, SECRETARIAT_TRUSTED_PROXIES).",
        )

    def handle(self, *args, host, port, workers, forwarded_allow_ips, **options):
        import uvicorn
        from django.conf import settings

        if settings.METRICS_ADDRESS:  # this process serves every worker's counts
            from secretariat.core import metrics

            metrics.expose(settings.METRICS_ADDRESS)
        # The same proxies the application believes (core.limits.client_address).
        if forwarded_allow_ips is None:
            forwarded_allow_ips = ",".join(settings.TRUSTED_PROXIES)
        # By its import path, so each worker process loads the application itself.
        uvicorn.run(
            "secretariat.asgi:application",
            host=host,
            port=port,
            workers=workers,
            proxy_headers=True,
            forwarded_allow_ips=forwarded_allow_ips,
            server_header=False,
            log_level="warning",
        )
