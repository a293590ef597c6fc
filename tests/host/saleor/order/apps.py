from django.apps import AppConfig


class Config(AppConfig):
    name = "saleor.order"
    label = "order"
