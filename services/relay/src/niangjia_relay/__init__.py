"""niangjia-relay."""
