app_name = "publishing"
urlpatterns = []
