from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "secretariat.demo"
    label = "demo"
    verbose_name = "Demo"
