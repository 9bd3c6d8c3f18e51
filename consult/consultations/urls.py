app_name = "ai_systems"
urlpatterns: list = []
