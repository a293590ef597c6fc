"""The demo's environment, read as Saleor reads it: emails land in the outbox the README and
the start page name (.demo/outbox), an absolute folder, whatever the current directory."""

from __future__ import annotations

import dj_email_url

from devtools.demo import run


def test_emails_go_to_the_demo_outbox_itself(tmp_path, monkeypatch):
    monkeypatch.setattr(run, "DEMO", tmp_path)

    environment = run._environment("http://127.0.0.1:8000")

    email = dj_email_url.parse(environment["EMAIL_URL"])
    assert email["EMAIL_BACKEND"] == "django.core.mail.backends.filebased.EmailBackend"
    assert email["EMAIL_FILE_PATH"] == str(tmp_path / "outbox")
    assert environment["DEMO_OUTBOX"] == email["EMAIL_FILE_PATH"]
