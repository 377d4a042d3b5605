"""niangjia-projections."""
