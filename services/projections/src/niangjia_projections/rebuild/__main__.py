"""`python -m niangjia_projections.rebuild --worker ...`: a worker process of a parallel rebuild."""

import sys

from niangjia_projections.rebuild.workers import worker_main

if __name__ == "__main__" and sys.argv[1:2] == ["--worker"]:
    worker_main(sys.argv[2:])
