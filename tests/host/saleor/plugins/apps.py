from django.apps import AppConfig


class Config(AppConfig):
    name = "saleor.plugins"
    label = "plugins"
