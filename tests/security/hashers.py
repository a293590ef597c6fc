"""A password hasher that counts its checks: a test double of Django's hasher interface,
registered through ``PASSWORD_HASHERS``, to prove a password check runs on every path."""

from __future__ import annotations

from django.contrib.auth.hashers import MD5PasswordHasher


class CountingPasswordHasher(MD5PasswordHasher):
    algorithm = "counting_md5"
    verified = 0

    def verify(self, password: str, encoded: str) -> bool:
        type(self).verified += 1
        return super().verify(password, encoded)
