from django.db import models


class Channel(models.Model):
    name = models.CharField(max_length=250)
    is_active = models.BooleanField(default=False)
    slug = models.SlugField(max_length=255, unique=True)
    currency_code = models.CharField(max_length=3)
    default_country = models.CharField(max_length=2, default="US")

    class Meta:
        ordering = ("slug",)
