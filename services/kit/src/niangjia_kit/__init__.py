"""niangjia-kit."""
