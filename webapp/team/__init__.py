"""The follower's day (工作日记) and the supervisor's team view."""
