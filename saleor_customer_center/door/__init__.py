"""The door: the one place that decides who is calling, for every route the plugin serves.

docs/architecture.md, "The door". Routes declare a credential rule (``rules.py``); the
door resolves the caller under that rule, refuses what the rule refuses, checks the input
is text a field can hold, gives the view a :class:`Caller`, translates what the view
raises into a 4xx, writes the cookies the caller asked for and the security headers on
every answer. Pages and the API never read a token, a cookie or the settings store.
"""

from .answers import Answer
from .caller import Caller
from .routes import Route, route, serve, urlpatterns

__all__ = ["Answer", "Caller", "Route", "route", "serve", "urlpatterns"]
