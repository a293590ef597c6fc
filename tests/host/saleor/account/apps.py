from django.apps import AppConfig


class Config(AppConfig):
    name = "saleor.account"
    label = "account"
