"""Shared GraphQL machinery: context, errors, the base mutation, pagination, the view."""
