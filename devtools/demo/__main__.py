import sys

from devtools.demo.run import main

sys.exit(main())
