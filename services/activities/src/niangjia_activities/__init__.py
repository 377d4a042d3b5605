"""niangjia-activities."""
