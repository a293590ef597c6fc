from django.db import models


class ModelWithMetadata(models.Model):
    private_metadata = models.JSONField(blank=True, null=True, default=dict)
    metadata = models.JSONField(blank=True, null=True, default=dict)

    class Meta:
        abstract = True


class ModelWithExternalReference(models.Model):
    external_reference = models.CharField(
        max_length=250, unique=True, blank=True, null=True, db_index=True
    )

    class Meta:
        abstract = True
