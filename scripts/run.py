"""`make run` in one process: migrate, load the demo data, print the logins, serve.

One Django start instead of three keeps a second `make run` well under ten seconds.
"""

from __future__ import annotations

import os
import sys


def main() -> int:
    host = os.environ.get("HOST", "127.0.0.1")
    port = os.environ.get("PORT", "8000")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "schakel.settings.local")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0, skip_checks=True)

    from schakel.cli import demo

    demo(codes=True, years=None, seed=2019, truth=None, link=True)
    print(f"\nSchakel runs at http://{host}:{port}/  (stop with Ctrl-C)", flush=True)
    call_command("runserver", f"{host}:{port}", use_reloader=False, skip_checks=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
