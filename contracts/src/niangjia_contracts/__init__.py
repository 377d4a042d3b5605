"""niangjia-contracts."""
