"""``python -m storyline.spark ingest|export ...`` (and the file spark-submit is given)."""

import sys

from storyline.spark.command import main

sys.exit(main())
