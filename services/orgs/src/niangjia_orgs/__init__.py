"""niangjia-orgs."""
