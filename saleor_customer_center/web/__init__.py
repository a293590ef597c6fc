"""The customer center's server-rendered pages (My Profile), on the same services as the API."""
