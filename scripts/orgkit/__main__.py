import sys

from orgkit.cli import main

sys.exit(main())
