#!/usr/bin/env python
import os
import sys


def main():
    # This checkout's own code first, whichever checkout the virtualenv was installed from.
    root = os.path.dirname(os.path.abspath(__file__))
    sys.path[:0] = [root, os.path.join(root, "platform")]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "office.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
