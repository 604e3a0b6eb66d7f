"""The `mpp` console command: every Django management command plus serve, demo, loaddemo."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mpp.settings")
    if len(sys.argv) > 1 and sys.argv[1] == "demo":
        # The demo is served over plain HTTP on 127.0.0.1: no HTTPS redirect or secure cookies.
        os.environ.setdefault("MPP_HTTPS", "0")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
