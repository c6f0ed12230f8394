"""The HTTP API, documented at /api/docs and described at /api/openapi.json.

Reads for everyone (what the caller may see) and a few writes for people signed in
(`auth.SIGNED_IN`). The API is an interface above the domain: every router lives in
`routers/`, one module per app it serves, and calls that app's selectors and
services; no domain app imports this package (docs/architecture.md).
"""

import json

from django.shortcuts import render
from ninja import NinjaAPI, Swagger

from secretariat.api.routers.decisions import router as decisions_router
from secretariat.api.routers.gallery import router as gallery_router
from secretariat.api.routers.live import router as live_router
from secretariat.api.routers.meetings import router as meetings_router
from secretariat.api.routers.plans import router as plans_router
from secretariat.api.routers.practices import router as practices_router
from secretariat.api.routers.publishing import router as publishing_router
from secretariat.api.routers.records import router as records_router
from secretariat.api.routers.regions import router as regions_router
from secretariat.api.routers.search import router as search_router

from .auth import API_AUTH

DESCRIPTION = """\
Regions, their Members, regional entities, other organisations, posts and their terms;
meetings, the sessions they are held in, and their agendas.

**Access.** Every operation works without credentials and returns what the public
sees. With a personal access token (`Authorization: Bearer sec_...`, made on your
account page) or the site's session, it returns what your roles let you see:
posts and meetings restricted to the region's Members, and, for participants of
the region, contacts' email addresses and phone numbers and a session's join link.
A token that is sent but is not valid (unknown, revoked, or of a deactivated
account) is refused with 401.

**Languages.** Names and texts come in English (`..._en`) and, where given, French
(`..._fr`); an empty French field means only the English form exists.

**Errors.** Every error is JSON with a `detail` field: a message, or for invalid
parameters (422) a list saying which parameter is wrong and why.
"""


class Docs(Swagger):
    """Swagger UI from the files django-ninja bundles, under the site's strict CSP.

    Our template carries the settings as JSON data read by ninja's static init
    file: no inline script, no network, and no call to an online validator.
    """

    template = "api/docs.html"

    def __init__(self):
        super().__init__(settings={"validatorUrl": None})

    def render_page(self, request, api, **kwargs):
        url = self.get_openapi_url(api, kwargs)
        context = {
            "swagger_settings": json.dumps(self.settings | {"url": url}),
            "api": api,
            "api_openapi_url": url,
            "add_csrf": False,  # no CSRF token here: a write tried on this page needs a token
        }
        return render(request, self.template, context)


class SecretariatAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        # Credentials are optional everywhere: `{}` says so in OpenAPI terms.
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                if isinstance(operation, dict) and "security" in operation:
                    operation["security"].append({})
        return schema


api = SecretariatAPI(
    title="Secretariat API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    auth=API_AUTH,
    docs=Docs(),
)
api.add_router("/regions", regions_router)
api.add_router("/regions", meetings_router)  # /regions/{region}/meetings...
api.add_router("/regions", live_router)  # /regions/{region}/meetings/{session}/live
api.add_router("/regions", decisions_router)  # /regions/{region}/decisions, proposals, nominations
api.add_router("/regions", plans_router)  # /regions/{region}/plans, surveys, reports
api.add_router("/regions", practices_router)  # /regions/{region}/practices, references
api.add_router("/regions", records_router)  # /regions/{region}/records
api.add_router("/regions", search_router)  # /regions/{region}/search
api.add_router("/regions", publishing_router)  # /regions/{region}/news
api.add_router("/regions", gallery_router)  # /regions/{region}/galleries
