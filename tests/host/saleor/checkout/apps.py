from django.apps import AppConfig


class Config(AppConfig):
    name = "saleor.checkout"
    label = "checkout"
