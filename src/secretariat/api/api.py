from ninja import NinjaAPI

from secretariat.regions.api import router as regions_router

api = NinjaAPI(
    title="Secretariat API",
    version="1",
    description="Regions, Members, regional entities, posts and their terms.",
    urls_namespace="api",
)
api.add_router("/regions", regions_router)
