from django.apps import AppConfig


class Config(AppConfig):
    name = "saleor.product"
    label = "product"
