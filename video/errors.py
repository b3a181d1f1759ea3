"""Errors of the video domain, each named for what happened."""

from core.errors import NeuvoError


class VideoError(NeuvoError):
    """Base of the video domain's errors."""


class RoomNotFound(VideoError):
    """No such room, or not one the caller may enter."""


class RoomUnavailable(VideoError):
    """The room exists but cannot be used now: cancelled, in person, or its window is over."""


class DeviceTestsBusy(VideoError):
    """Every server peer for device tests is taken; try again in a minute."""


class DeviceTestsPerCaller(VideoError):
    """This pass, or this network address, has as many device tests running as it may."""


class DeviceTestNotFound(VideoError):
    """No such device test (it ended, or it was never started)."""


class BadOffer(VideoError):
    """The session description could not be used."""
