"""niangjia: the command line and the embedded launcher."""
