"""The gazetteer: every name of every place, matching, and naming conventions."""

from truce.gazetteer.conventions import CONVENTIONS, check_convention, place_name
from truce.gazetteer.matching import Gazetteer, Match
from truce.gazetteer.names import fold, sound

__all__ = ["CONVENTIONS", "Gazetteer", "Match", "check_convention", "fold", "place_name", "sound"]
