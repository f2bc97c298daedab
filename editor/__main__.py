"""``python -m editor``: the same as the ``article-editor`` command."""

import sys

from editor.cli import main

sys.exit(main())
