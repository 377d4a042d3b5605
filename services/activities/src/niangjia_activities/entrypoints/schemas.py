"""The HTTP shapes of the activities service, each defined with its use case."""

from __future__ import annotations

from niangjia_activities.use_cases.bodies import Money
from niangjia_activities.use_cases.correct_care_activity import CorrectCareActivityBody
from niangjia_activities.use_cases.get_care_activity import CareActivityView
from niangjia_activities.use_cases.hold_care_activity import HoldCareActivityBody
from niangjia_activities.use_cases.retract_care_activity import RetractCareActivityBody

__all__ = ["CareActivityView", "CorrectCareActivityBody", "HoldCareActivityBody", "Money", "RetractCareActivityBody"]
