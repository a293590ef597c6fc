"""Run the demo: the plugin inside the test host, on a PostgreSQL cluster kept in .demo/.

Re-runnable: the cluster and its data stay in .demo/pg between runs; migrations and the
seed are idempotent. The database is stopped when the demo stops (Ctrl-C or SIGTERM).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from devtools.pgcluster import Cluster

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / ".demo"
PORT = int(os.environ.get("DEMO_PORT", "8000"))
DB_PORT = int(os.environ.get("DEMO_DB_PORT", "54329"))


def main() -> int:
    DEMO.mkdir(exist_ok=True)
    outbox = DEMO / "outbox"
    outbox.mkdir(exist_ok=True)
    cluster = Cluster(root=DEMO / "pg", port=DB_PORT)
    cluster.start()
    try:
        cluster.create_database("customer_center_demo")
        env = {
            **os.environ,
            **cluster.env("customer_center_demo"),
            "CUSTOMER_CENTER_DEMO": "1",
            "DEBUG": "1",
            "CELERY_TASK_ALWAYS_EAGER": "1",
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(outbox),
            "JWT_TTL_ACCESS": "3600",
            "DEMO_BASE_URL": f"http://127.0.0.1:{PORT}",
        }
        manage = [sys.executable, str(ROOT / "tests" / "host" / "manage.py")]
        subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], check=True, env=env)
        subprocess.run([*manage, "seed_demo"], check=True, env=env)
        print(f"\nCustomer center demo: http://127.0.0.1:{PORT}/  (Ctrl-C stops it)\n", flush=True)
        server = subprocess.Popen(
            [*manage, "runserver", f"127.0.0.1:{PORT}", "--noreload"], env=env
        )

        def forward(signum, frame):  # noqa: ARG001
            server.send_signal(signal.SIGINT)

        signal.signal(signal.SIGTERM, forward)
        try:
            return server.wait()
        except KeyboardInterrupt:
            server.send_signal(signal.SIGINT)
            return server.wait()
    finally:
        cluster.stop()
        print("Demo database stopped.", flush=True)


if __name__ == "__main__":
    sys.exit(main())
