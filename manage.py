#!/usr/bin/env python
"""Django's command-line utility; `samverkan` is the same with friendlier command names."""

import sys

from samverkan.cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:], prog="manage.py"))
