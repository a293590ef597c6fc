from django.apps import AppConfig


class Config(AppConfig):
    name = "saleor.channel"
    label = "channel"
