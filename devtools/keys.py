"""Keys a Saleor shop is given through its environment."""

from __future__ import annotations


def rsa_private_key() -> str:
    """Saleor signs its JWTs with RSA when DEBUG is off (``RSA_PRIVATE_KEY``); every process
    of one shop (web server, celery worker) must share the same key."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    ).decode()
